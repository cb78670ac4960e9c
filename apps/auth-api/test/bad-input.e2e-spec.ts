import { campaignOptions, type CampaignResult, runCampaign, summaryOf } from './campaign/campaign';
import { SSO_PROVIDER_ID, SSO_REDIRECT, ssoCampaign } from './campaign/sso-fixtures';
import { ADMIN_ENV } from './support/admin';
import { databases } from './support/databases';
import { TestProvider } from './support/oidc/test-provider';
import { useTestApp } from './support/test-app';

/** The single sign-on routes need a provider that answers: a real one, on loopback. */
const ssoEnv: Record<string, string> = {};
beforeAll(async () => {
  ssoCampaign.provider = await TestProvider.start([SSO_REDIRECT]);
  Object.assign(ssoEnv, {
    SSO_PROVIDERS: SSO_PROVIDER_ID,
    ...ssoCampaign.provider.env(SSO_PROVIDER_ID),
  });
});
afterAll(() => ssoCampaign.provider?.stop());

/** The findings of one category, a few of them, readable in a failure message. */
const examples = (result: CampaignResult) =>
  Object.keys(result.byCategory).map((category) => ({
    category,
    count: result.byCategory[category],
    examples: result.findings
      .filter((f) => f.category === category)
      .slice(0, 5)
      .map((f) => `${f.operationId} ${f.request}: ${f.detail}`),
  }));

/**
 * The bad-input campaign (see README, "Bad input"): every operation of the OpenAPI document,
 * a valid request and seeded mutations of it, on each database. No 5xx, only documented
 * statuses, the error shape, no stack trace in a body or the log, no row changed by a refusal.
 */
describe.each(databases())('bad-input campaign from the OpenAPI document [%s]', (kind) => {
  // Limits off so 429 does not hide the answers under test (the document still lists 429);
  // admin 2FA on, so the enrolment routes get real enrolment tokens.
  const env = Object.assign(ssoEnv, { ...ADMIN_ENV, REQUIRE_ADMIN_MFA: 'true', LOG_LEVEL: 'warn' });
  const { sut } = useTestApp(kind, env);

  it('answers every mutated request in the documented way and changes nothing it refused', async () => {
    const result = await runCampaign(sut, kind, campaignOptions());
    process.stdout.write(`${summaryOf(result)}\n`);
    expect(result.operations).toBeGreaterThan(0);
    expect(examples(result)).toEqual([]);
  }, 300_000);
});
