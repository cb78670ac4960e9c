import {
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Redirect,
  Render,
  UseGuards,
} from '@nestjs/common';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { seeOther, type SeeOther } from '../../common/http/safe-redirect';
import { Flash } from '../../session/flash';
import { AdminGuard } from './admin.guard';
import { AdminPresenter } from './admin.presenter';

const Id = () => Param('id', new ParseUUIDPipe());

/** Ends every session of a user (after a confirmation page): signed out on every device. */
@Controller('admin/users')
@UseGuards(AdminGuard)
export class AdminSessionsController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly presenter: AdminPresenter,
    private readonly flash: Flash,
  ) {}

  @Get(':id/end-sessions')
  @Render('admin/end-sessions')
  async confirm(@CurrentPage() { session, locale }: Page, @Id() id: string) {
    const [viewer, user] = await Promise.all([
      session.me(),
      session.call((ctx) => this.client.getUser(ctx, id)),
    ]);
    return this.presenter.endSessions(locale, viewer, user);
  }

  @Post(':id/end-sessions')
  @Redirect()
  async end(@CurrentPage() { session, reply }: Page, @Id() id: string): Promise<SeeOther> {
    const { ended } = await session.call((ctx) => this.client.endUserSessions(ctx, id));
    this.flash.notice(reply, 'success', 'flash.sessionsEnded', { count: ended });
    return seeOther(`/admin/users/${id}`);
  }
}
