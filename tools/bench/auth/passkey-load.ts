import { SoftAuthenticator } from '../../../apps/auth-api/test/support/soft-authenticator';
import { post, RefusedError } from './http';
import { type LoadResult, WARMUP_SECONDS } from './load';

/** Registers one software passkey per worker on the account of `accessToken` (a fresh sign-in). */
export async function addPasskeys(url: string, accessToken: string, count: number) {
  const authenticators: SoftAuthenticator[] = [];
  for (let i = 0; i < count; i++) {
    const auth = new SoftAuthenticator();
    const start = await post(`${url}/auth/passkeys/registration/options`, undefined, accessToken);
    await post(
      `${url}/auth/passkeys`,
      { flowId: start.flowId, response: auth.register(start.options), name: `bench ${i}` },
      accessToken,
    );
    authenticators.push(auth);
  }
  return authenticators;
}

/**
 * Whole passkey sign-ins (options, then the signed assertion), one closed loop per
 * authenticator: each has its own credential, so its counter only goes up. autocannon cannot
 * chain the two requests; the latency is of the whole ceremony, as a user waits for it.
 */
export async function passkeySignIns(
  url: string,
  authenticators: SoftAuthenticator[],
  seconds: number,
): Promise<LoadResult> {
  const run = async (duration: number) => {
    const latencies: number[] = [];
    let errors = 0;
    let non2xx = 0;
    const until = Date.now() + duration * 1000;
    await Promise.all(
      authenticators.map(async (auth) => {
        while (Date.now() < until) {
          const started = performance.now();
          try {
            const { flowId, options } = await post(`${url}/auth/passkeys/authentication/options`);
            await post(`${url}/auth/passkeys/authentication`, {
              flowId,
              response: auth.assert(options),
            });
            latencies.push(performance.now() - started);
          } catch (error) {
            if (error instanceof RefusedError) non2xx++;
            else errors++;
          }
        }
      }),
    );
    return { latencies, errors, non2xx };
  };
  if (WARMUP_SECONDS > 0) await run(WARMUP_SECONDS);
  const { latencies, errors, non2xx } = await run(seconds);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.floor((latencies.length - 1) * q)] ?? 0);
  return {
    name: 'passkey',
    rps: latencies.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    errors,
    non2xx,
    total: latencies.length,
  };
}
