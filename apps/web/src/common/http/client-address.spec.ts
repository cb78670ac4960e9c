import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { answer, FakeAuthApi, TOKENS, USER } from '../../../test/support/fake-auth-api';
import { InjectClient } from '../../../test/support/inject-client';
import { startWeb } from '../../../test/support/test-app';

const LOAD_BALANCER = '198.51.100.1';
const BROWSER = '192.0.2.10';
const FORGED = '203.0.113.66';

/**
 * Which address web gives auth-api for the browser (X-Forwarded-For): the right-most address
 * its TRUST_PROXY does not trust, never a value the browser wrote itself.
 */
describe('the client address sent to auth-api', () => {
  let api: FakeAuthApi;
  let app: NestFastifyApplication | undefined;

  beforeEach(async () => {
    api = await new FakeAuthApi().start();
    api.routes['POST /auth/login'] = answer(200, TOKENS);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await api.stop();
  });

  /** Logs in from `from` with these headers; what auth-api was told the client's address is. */
  async function forwardedFor(
    trustProxy: string | undefined,
    from: string,
    headers: Record<string, string>,
  ): Promise<string | string[] | undefined> {
    app = await startWeb(api.url, trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy });
    const browser = new InjectClient(app, headers, from);
    const page = await browser.submit('/login', '/login', { email: USER.email, password: 'pw' });
    expect(page.status).toBe(303);
    await app.close();
    app = undefined;
    return api.hitsOf('POST', '/auth/login').at(-1)?.headers['x-forwarded-for'];
  }

  it('is the socket address by default: a browser cannot choose it', async () => {
    await expect(forwardedFor(undefined, BROWSER, { 'x-forwarded-for': FORGED })).resolves.toBe(
      BROWSER,
    );
  });

  it('is what the listed load balancer appended, not what the browser wrote before it', async () => {
    await expect(
      forwardedFor(LOAD_BALANCER, LOAD_BALANCER, { 'x-forwarded-for': `${FORGED}, ${BROWSER}` }),
    ).resolves.toBe(BROWSER);
  });

  it('ignores X-Forwarded-For from anyone but the listed proxies', async () => {
    await expect(
      forwardedFor(`${LOAD_BALANCER}, 10.0.0.0/8`, '192.0.2.99', { 'x-forwarded-for': FORGED }),
    ).resolves.toBe('192.0.2.99');
  });

  it('walks a chain of trusted proxies (CIDRs) to the first untrusted address', async () => {
    await expect(
      forwardedFor('198.51.100.0/24, 10.0.0.0/8', '10.0.3.7', {
        'x-forwarded-for': `${FORGED}, ${BROWSER}, 198.51.100.7`,
      }),
    ).resolves.toBe(BROWSER);
  });

  it('takes a hop count: 1 is the one load balancer in front', async () => {
    await expect(
      forwardedFor('1', LOAD_BALANCER, { 'x-forwarded-for': `${FORGED}, ${BROWSER}` }),
    ).resolves.toBe(BROWSER);
  });

  it('sends no address rather than one that is not an IP', async () => {
    await expect(
      forwardedFor(LOAD_BALANCER, LOAD_BALANCER, { 'x-forwarded-for': 'evil.example' }),
    ).resolves.toBeUndefined();
  });
});
