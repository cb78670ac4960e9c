import { Controller, Get, Query, Render, UseGuards } from '@nestjs/common';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import { isRefusal, toFormErrors } from '../../common/forms/api-errors';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { Translator } from '../../i18n/translator';
import { AdminGuard } from './admin.guard';
import { AdminPresenter, type AuditFilters } from './admin.presenter';

export const PAGE_SIZE = 20;
export const pageNumber = (value: unknown) =>
  Math.min(Math.max(1, (typeof value === 'string' ? Number.parseInt(value, 10) : 1) || 1), 100_000);
const text = (value: unknown, max = 254) =>
  typeof value === 'string' ? value.trim().slice(0, max) : '';

/** The admin overview (counts and 30 days of activity) and the audit log. */
@Controller('admin')
@UseGuards(AdminGuard)
export class AdminController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly presenter: AdminPresenter,
    private readonly translator: Translator,
  ) {}

  @Get()
  @Render('admin/overview')
  async overview(@CurrentPage() { session, locale }: Page) {
    const [viewer, stats, activity] = await Promise.all([
      session.me(),
      session.call((ctx) => this.client.userStats(ctx)),
      session.call((ctx) => this.client.dailyActivity(ctx, 30)),
    ]);
    return this.presenter.overview(locale, viewer, stats, activity);
  }

  @Get('audit')
  @Render('admin/audit')
  async audit(@CurrentPage() { session, locale }: Page, @Query() query: Record<string, unknown>) {
    const filters: AuditFilters = {
      userId: text(query['userId'], 64) || undefined,
      type: text(query['type'], 64) || undefined,
      page: pageNumber(query['page']),
    };
    const viewer = await session.me();
    try {
      const events = await session.call((ctx) =>
        this.client.auditEvents(ctx, { ...filters, limit: PAGE_SIZE }),
      );
      return this.presenter.audit(locale, viewer, events, filters);
    } catch (error) {
      // A malformed filter: show the log unfiltered, with the reason next to the filter.
      if (!isRefusal(error) || error.status !== 400) throw error;
      const { errors } = toFormErrors(error, this.translator, locale);
      const events = await session.call((ctx) =>
        this.client.auditEvents(ctx, { page: 1, limit: PAGE_SIZE }),
      );
      return this.presenter.audit(locale, viewer, events, { ...filters, page: 1 }, errors);
    }
  }
}
