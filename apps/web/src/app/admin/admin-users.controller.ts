import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Redirect,
  Render,
  UseGuards,
} from '@nestjs/common';
import { AuthApiClient, type CallContext } from '../../auth-api/auth-api.client';
import { isRefusal } from '../../common/forms/api-errors';
import { field, fields } from '../../common/forms/form-fields';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { seeOther, type SeeOther } from '../../common/http/safe-redirect';
import { Translator } from '../../i18n/translator';
import { Flash } from '../../session/flash';
import { PAGE_SIZE, pageNumber } from './admin.controller';
import { AdminGuard } from './admin.guard';
import { AdminPresenter } from './admin.presenter';

const Id = () => Param('id', new ParseUUIDPipe());

/** Users: search, one user's page, activate/deactivate, roles, delete (after a confirmation page). */
@Controller('admin/users')
@UseGuards(AdminGuard)
export class AdminUsersController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly presenter: AdminPresenter,
    private readonly flash: Flash,
    private readonly translator: Translator,
  ) {}

  @Get()
  @Render('admin/users')
  async list(
    @CurrentPage() { session, locale }: Page,
    @Query('q') q: unknown,
    @Query('page') page: unknown,
  ) {
    const search = typeof q === 'string' ? q.trim().slice(0, 254) : '';
    const [viewer, users] = await Promise.all([
      session.me(),
      session.call((ctx) =>
        this.client.listUsers(ctx, {
          q: search || undefined,
          page: pageNumber(page),
          limit: PAGE_SIZE,
        }),
      ),
    ]);
    return this.presenter.users(locale, viewer, users, search);
  }

  @Get(':id')
  @Render('admin/user')
  async show(@CurrentPage() { session, locale }: Page, @Id() id: string) {
    const [viewer, user, roles, events] = await Promise.all([
      session.me(),
      session.call((ctx) => this.client.getUser(ctx, id)),
      session.call((ctx) => this.client.roles(ctx)),
      session.call((ctx) => this.client.auditEvents(ctx, { userId: id, page: 1, limit: 10 })),
    ]);
    return this.presenter.user(locale, viewer, user, roles, events);
  }

  @Post(':id/status')
  @Redirect()
  async setActive(
    @CurrentPage() page: Page,
    @Id() id: string,
    @Body() body: unknown,
  ): Promise<SeeOther> {
    const isActive = field(body, 'active') === 'true';
    const back = `/admin/users/${id}`;
    return this.act(
      page,
      back,
      back,
      isActive ? 'flash.userActivated' : 'flash.userDeactivated',
      (ctx) => this.client.updateUser(ctx, id, { isActive }),
    );
  }

  @Post(':id/roles')
  @Redirect()
  async setRoles(
    @CurrentPage() page: Page,
    @Id() id: string,
    @Body() body: unknown,
  ): Promise<SeeOther> {
    const roles = fields(body, 'roles').slice(0, 20);
    const back = `/admin/users/${id}`;
    return this.act(page, back, back, 'flash.rolesSaved', (ctx) =>
      this.client.setRoles(ctx, id, roles),
    );
  }

  @Get(':id/delete')
  @Render('admin/delete-user')
  async confirmDelete(@CurrentPage() { session, locale }: Page, @Id() id: string) {
    const [viewer, user] = await Promise.all([
      session.me(),
      session.call((ctx) => this.client.getUser(ctx, id)),
    ]);
    return this.presenter.deleteUser(locale, viewer, user);
  }

  @Post(':id/delete')
  @Redirect()
  async delete(@CurrentPage() page: Page, @Id() id: string): Promise<SeeOther> {
    return this.act(page, '/admin/users', `/admin/users/${id}`, 'flash.userDeleted', (ctx) =>
      this.client.deleteUser(ctx, id),
    );
  }

  /** One admin action: a success flash, or auth-api's refusal (self-protection, last admin) as an error flash. */
  private async act(
    page: Page,
    doneUrl: string,
    refusedUrl: string,
    successKey: string,
    call: (ctx: CallContext) => Promise<unknown>,
  ): Promise<SeeOther> {
    try {
      await page.session.call(call);
    } catch (error) {
      if (!isRefusal(error) || error.status === 404) throw error;
      const key = `apiErrors.${error.code ?? ''}`;
      this.flash.notice(page.reply, 'error', this.translator.has(key) ? key : 'apiErrors.generic');
      return seeOther(refusedUrl);
    }
    this.flash.notice(page.reply, 'success', successKey);
    return seeOther(doneUrl);
  }
}
