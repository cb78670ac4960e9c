import type {
  AuditEventPageResponse,
  AuditEventResponse,
  DailyActivityResponse,
  RoleResponse,
  UserPageResponse,
  UserResponse,
  UserStatsResponse,
} from '@gatehouse/contracts';
import { AUDIT_EVENT_TYPES } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import { toViewer } from '../../common/view/page-context';
import { hrefWith, paginate } from '../../common/view/pagination';
import type { Locale } from '../../config/app-config';
import { Translator } from '../../i18n/translator';
import { activityChart } from './activity-chart';

export interface AuditFilters {
  userId?: string;
  type?: string;
  page: number;
}

/** View models of the admin pages: overview, users, one user, the audit log. */
@Injectable()
export class AdminPresenter {
  constructor(private readonly translator: Translator) {}

  overview(
    locale: Locale,
    viewer: UserResponse,
    stats: UserStatsResponse,
    activity: DailyActivityResponse,
  ) {
    const t = this.t(locale);
    const n = (value: number) => this.translator.number(locale, value);
    const days = activity.days;
    return {
      title: t('admin.overview.title'),
      section: 'admin',
      tab: { overview: true },
      viewer: toViewer(viewer),
      stats: [
        { label: t('admin.stats.total'), value: n(stats.total) },
        { label: t('admin.stats.active'), value: n(stats.active) },
        { label: t('admin.stats.verified'), value: n(stats.verified) },
        { label: t('admin.stats.admins'), value: n(stats.admins) },
      ],
      totals: {
        signups: n(days.reduce((sum, d) => sum + d.signups, 0)),
        logins: n(days.reduce((sum, d) => sum + d.logins, 0)),
      },
      chart: activityChart(
        days,
        (date) => this.translator.date(locale, date, { day: 'numeric', month: 'short' }),
        (d) => ({
          signups: t('admin.chart.signupsOn', {
            count: d.signups,
            date: this.translator.date(locale, d.date),
          }),
          logins: t('admin.chart.loginsOn', {
            count: d.logins,
            date: this.translator.date(locale, d.date),
          }),
        }),
      ),
      rows: [...days].reverse().map((d) => ({
        date: this.translator.date(locale, d.date),
        signups: d.signups,
        logins: d.logins,
      })),
    };
  }

  users(locale: Locale, viewer: UserResponse, page: UserPageResponse, q: string) {
    const t = this.t(locale);
    return {
      title: t('admin.users.title'),
      section: 'admin',
      tab: { users: true },
      viewer: toViewer(viewer),
      q,
      users: page.items.map((u) => this.userRow(locale, u)),
      empty: page.items.length === 0,
      pagination: this.pagination(locale, page, (n) => hrefWith('/admin/users', { q, page: n })),
    };
  }

  user(
    locale: Locale,
    viewer: UserResponse,
    user: UserResponse,
    roles: RoleResponse[],
    events: AuditEventPageResponse,
  ) {
    const t = this.t(locale);
    return {
      title: user.email,
      section: 'admin',
      tab: { users: true },
      viewer: toViewer(viewer),
      user: this.userRow(locale, user),
      isSelf: user.id === viewer.id,
      roles: roles.map((r) => ({
        name: r.name,
        id: `role-${r.name}`,
        checked: user.roles.includes(r.name),
      })),
      activateLabel: user.isActive ? t('admin.user.deactivate') : t('admin.user.activate'),
      activateValue: user.isActive ? 'false' : 'true',
      events: events.items.map((e) => this.eventRow(locale, e)),
      auditHref: hrefWith('/admin/audit', { userId: user.id }),
    };
  }

  deleteUser(locale: Locale, viewer: UserResponse, user: UserResponse) {
    return {
      title: this.t(locale)('admin.delete.title'),
      section: 'admin',
      tab: { users: true },
      viewer: toViewer(viewer),
      user: this.userRow(locale, user),
    };
  }

  endSessions(locale: Locale, viewer: UserResponse, user: UserResponse) {
    return {
      title: this.t(locale)('admin.endSessions.title'),
      section: 'admin',
      tab: { users: true },
      viewer: toViewer(viewer),
      user: this.userRow(locale, user),
    };
  }

  audit(
    locale: Locale,
    viewer: UserResponse,
    page: AuditEventPageResponse,
    filters: AuditFilters,
    errors: Record<string, string[]> = {},
  ) {
    const t = this.t(locale);
    return {
      title: t('admin.audit.title'),
      section: 'admin',
      tab: { audit: true },
      viewer: toViewer(viewer),
      filters: {
        userId: filters.userId ?? '',
        userIdError: errors['userId']?.join(' '),
        typeError: errors['type']?.join(' '),
      },
      types: AUDIT_EVENT_TYPES.map((type) => ({ value: type, selected: type === filters.type })),
      events: page.items.map((e) => this.eventRow(locale, e)),
      empty: page.items.length === 0,
      pagination: this.pagination(locale, page, (n) =>
        hrefWith('/admin/audit', { userId: filters.userId, type: filters.type, page: n }),
      ),
    };
  }

  private userRow(locale: Locale, u: UserResponse) {
    const t = this.t(locale);
    return {
      id: u.id,
      email: u.email,
      name: [u.firstName, u.lastName].filter(Boolean).join(' ') || '—',
      hasName: Boolean(u.firstName ?? u.lastName),
      href: `/admin/users/${u.id}`,
      active: u.isActive,
      verified: u.isVerified,
      mfa: u.mfaEnabled,
      providers: u.signInMethods.providers,
      isAdmin: u.roles.includes('admin'),
      roles: u.roles.join(', '),
      statusLabel: u.isActive ? t('admin.status.active') : t('admin.status.inactive'),
      created: this.translator.date(locale, u.createdAt),
    };
  }

  private eventRow(locale: Locale, e: AuditEventResponse) {
    const details = Object.entries(e.details ?? {}).map(
      ([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
    );
    return {
      when: this.translator.dateTime(locale, e.createdAt),
      type: e.type,
      failed: /failed|locked|reuse|denied/.test(e.type),
      userId: e.userId,
      userHref: e.userId ? `/admin/users/${e.userId}` : undefined,
      userShort: e.userId?.slice(0, 8),
      actorShort: e.actorId && e.actorId !== e.userId ? e.actorId.slice(0, 8) : undefined,
      ip: e.ip ?? '—',
      traceId: e.traceId ?? '—',
      details: details.join(', '),
    };
  }

  private pagination(
    locale: Locale,
    page: { total: number; page: number; limit: number },
    hrefFor: (n: number) => string,
  ) {
    return paginate(page.total, page.page, page.limit, hrefFor, (from, to, total) =>
      this.translator.t(locale, 'pagination.summary', { from, to, total }),
    );
  }

  private t(locale: Locale) {
    return (key: string, params?: Record<string, string | number>) =>
      this.translator.t(locale, key, params);
  }
}
