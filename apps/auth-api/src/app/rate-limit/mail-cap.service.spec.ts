import { loadConfig } from '../../config/load-config';
import { MailCap } from './mail-cap.service';
import { RateLimitStore } from './rate-limit.store';

describe(MailCap.name, () => {
  const build = (env: Record<string, string>) => {
    const config = loadConfig({ RATE_LIMIT_ENABLED: 'true', ...env });
    return new MailCap(config, new RateLimitStore(config));
  };

  it('allows RATE_LIMIT_EMAIL_MAX mails of a kind per address, each kind and address apart', async () => {
    const sut = build({ RATE_LIMIT_EMAIL_MAX: '2' });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => sut.allows('reset-password', 'ada@example.com')),
    );
    expect(answers.filter(Boolean)).toHaveLength(2);
    expect(await sut.allows('verify-email', 'ada@example.com')).toBe(true);
    expect(await sut.allows('reset-password', 'bob@example.com')).toBe(true);
  });

  it('allows everything with RATE_LIMIT_ENABLED=false', async () => {
    const sut = build({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_EMAIL_MAX: '1' });
    for (let i = 0; i < 5; i++)
      expect(await sut.allows('reset-password', 'ada@example.com')).toBe(true);
  });
});
