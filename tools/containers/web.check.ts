import { randomBytes } from 'node:crypto';
import {
  checkHealthcheck,
  checkNonRoot,
  checkStops,
  fail,
  image,
  info,
  runId,
  start,
  step,
  waitHealthy,
} from './harness';
import { freePort } from './podman';

/** web against the auth-api container: /health, its HEALTHCHECK, the login page. */
export async function testWeb(authUrl: string): Promise<void> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const name = `gatehouse-web-${runId}`;
  const env = {
    NODE_ENV: 'production',
    PORT: String(port),
    AUTH_API_URL: authUrl,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  };

  await step('web: serves, /health sees auth-api', async () => {
    await start(name, ['--read-only'], env, image('web'));
    const body = await waitHealthy(name, `${url}/health`, (b) => b['status'] === 'ok');
    if (body['auth'] !== true) fail(`/health answered ${JSON.stringify(body)}`);
    info(`GET /health → ${JSON.stringify(body)}`);
    await checkHealthcheck(name);
  });

  await step('web: the login page renders, with its stylesheet', async () => {
    const page = await fetch(`${url}/login`, { signal: AbortSignal.timeout(10_000) });
    const html = await page.text();
    if (
      page.status !== 200 ||
      !/<form[^>]*method="post"/i.test(html) ||
      !/type="password"/.test(html)
    ) {
      fail(`GET /login → ${page.status}: ${html.slice(0, 300)}`);
    }
    const css = /href="(\/[^"]+\.css)"/.exec(html)?.[1];
    if (!css) fail('the login page links no stylesheet');
    const stylesheet = await fetch(`${url}${css}`, { signal: AbortSignal.timeout(10_000) });
    if (stylesheet.status !== 200) fail(`GET ${css} → ${stylesheet.status}`);
    info(`GET /login → 200 (${html.length} bytes, a login form); GET ${css} → 200`);
  });

  await step('web: runs as a non-root user', () => checkNonRoot(name));
  await step('web: SIGTERM stops it within 10 s', () => checkStops(name));
}
