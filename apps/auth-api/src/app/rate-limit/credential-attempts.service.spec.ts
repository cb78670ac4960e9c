import { AuditEventType, RateLimitedError } from '@gatehouse/domain';
import type { ClientContext } from '../../common/http/client-context';
import { loadConfig } from '../../config/load-config';
import type { AuditRecord, AuditService } from '../audit/audit.service';
import type { MailRequest, MailService } from '../mail/mail.service';
import { CredentialAttempts } from './credential-attempts.service';
import { RateLimitStore } from './rate-limit.store';

describe(CredentialAttempts.name, () => {
  const client: ClientContext = { ip: '198.51.100.1', userAgent: null, traceId: null };
  let recorded: AuditRecord[];
  let mailed: MailRequest[];
  let store: RateLimitStore;

  const build = (env: Record<string, string> = {}) => {
    const config = loadConfig({ RATE_LIMIT_ENABLED: 'true', ...env });
    store = new RateLimitStore(config);
    const audit = { record: (r: AuditRecord) => Promise.resolve(void recorded.push(r)) };
    const mail = { send: (m: MailRequest) => mailed.push(m), link: (path: string) => path };
    return new CredentialAttempts(
      config,
      audit as unknown as AuditService,
      mail as unknown as MailService,
      store,
    );
  };

  beforeEach(() => {
    recorded = [];
    mailed = [];
  });
  afterEach(() => store.onApplicationShutdown());

  it('lets exactly RATE_LIMIT_LOGIN_MAX of 40 simultaneous attempts through in memory', async () => {
    const sut = build();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, () => sut.begin('sign_in', 'ada@example.com', client)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused).toHaveLength(35);
    for (const r of refused) expect(r.reason).toBeInstanceOf(RateLimitedError);
  });

  it('uncounts a right secret, restarts the count on a completed sign-in, keeps failures', async () => {
    const sut = build({ RATE_LIMIT_LOGIN_MAX: '2' });
    await (await sut.begin('sign_in', 'ada@example.com', client)).failed('wrong_password', 'u1');
    await (await sut.begin('sign_in', 'ada@example.com', client)).passed();
    await (await sut.begin('sign_in', 'ada@example.com', client)).signedIn();
    await (await sut.begin('sign_in', 'ada@example.com', client)).failed('wrong_password', 'u1');
    await (await sut.begin('sign_in', 'ada@example.com', client)).failed('wrong_password', 'u1');
    await expect(sut.begin('sign_in', 'ada@example.com', client)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    // Another client of the same account is not affected.
    const elsewhere = { ...client, ip: '198.51.100.2' };
    await expect(sut.begin('sign_in', 'ada@example.com', elsewhere)).resolves.toBeDefined();
    expect(recorded.map((r) => r.type)).toEqual([
      AuditEventType.LoginFailed,
      AuditEventType.LoginFailed,
      AuditEventType.LoginFailed,
      AuditEventType.LoginLockedOut,
    ]);
  });

  it('locks an account after RATE_LIMIT_ACCOUNT_MAX failures from all clients, mails once, unlocks on reset', async () => {
    const sut = build({ RATE_LIMIT_LOGIN_MAX: '2', RATE_LIMIT_ACCOUNT_MAX: '5' });
    const from = (n: number) => ({ ...client, ip: `198.51.100.${n}` });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => sut.begin('sign_in', 'ada@example.com', from(i % 6))),
    );
    const attempts = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(attempts).toHaveLength(5);
    for (const attempt of attempts) await attempt.failed('wrong_password', 'u1');
    expect(recorded.filter((r) => r.type === AuditEventType.AccountLockedOut)).toHaveLength(1);
    expect(mailed).toEqual([
      expect.objectContaining({ to: 'ada@example.com', template: 'account-locked' }),
    ]);
    await expect(sut.begin('sign_in', 'ada@example.com', from(99))).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    await sut.unlock('ada@example.com');
    await expect(sut.begin('sign_in', 'ada@example.com', from(99))).resolves.toBeDefined();
  });

  it('forgets an account’s failures on a completed sign-in', async () => {
    const sut = build({ RATE_LIMIT_ACCOUNT_MAX: '3' });
    const from = (n: number) => ({ ...client, ip: `198.51.100.${n}` });
    const fail = async (n: number) =>
      (await sut.begin('sign_in', 'ada@example.com', from(n))).failed('wrong_password', 'u1');
    await fail(1);
    await fail(2);
    await (await sut.begin('sign_in_mfa', 'ada@example.com', from(3))).signedIn();
    await fail(4);
    await fail(5);
    expect(recorded.some((r) => r.type === AuditEventType.AccountLockedOut)).toBe(false);
    await fail(6);
    expect(recorded.filter((r) => r.type === AuditEventType.AccountLockedOut)).toHaveLength(1);
  });

  it('audits a failed re-check as reauth.failed, naming the check', async () => {
    const sut = build();
    const user = { id: 'u1', email: 'ada@example.com' };
    const wrong = () => Promise.resolve(false);
    expect(await sut.verify('change_password', user, client, wrong)).toBe(false);
    expect(await sut.verify('change_password', user, client, () => Promise.resolve(true))).toBe(
      true,
    );
    expect(recorded).toEqual([
      expect.objectContaining({
        type: AuditEventType.ReauthFailed,
        userId: 'u1',
        details: { check: 'change_password', reason: 'wrong_password' },
      }),
    ]);
  });

  it('counts nothing with RATE_LIMIT_ENABLED=false, and still audits failures', async () => {
    const sut = build({ RATE_LIMIT_ENABLED: 'false' });
    for (let i = 0; i < 20; i++)
      await (await sut.begin('sign_in', 'ada@example.com', client)).failed('wrong_password', null);
    expect(recorded).toHaveLength(20);
  });
});
