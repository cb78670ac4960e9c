import { at } from '../../test/support/at';
import { TransientFailure } from './auth-api.errors';
import { buildPolicies } from './resilience';

const options = {
  timeoutMs: 1_000,
  retries: 4,
  retryBaseMs: 40,
  retryMaxMs: 200,
  breakerFailures: 100,
  halfOpenAfterMs: 1_000,
};

/** The delays the retry step chose, read from its events rather than from a clock. */
async function delaysOfFailingCall(): Promise<number[]> {
  const policies = buildPolicies(options);
  const delays: number[] = [];
  policies.retry.onRetry((event) => delays.push(event.delay));
  await policies.idempotent
    .execute(() => Promise.reject(new TransientFailure('bad-gateway', 503)))
    .catch(() => undefined);
  return delays;
}

describe('retry backoff', () => {
  it('waits in [d/2, d) with d = base · 2^(n-1), capped at the maximum', async () => {
    const delays = await delaysOfFailingCall();
    expect(delays).toHaveLength(4);
    const ceilings = [40, 80, 160, 200];
    delays.forEach((delay, n) => {
      expect(delay).toBeGreaterThanOrEqual(at(ceilings, n) / 2);
      expect(delay).toBeLessThan(at(ceilings, n));
    });
  });

  it('spreads the delays (jitter), so instances do not retry in step', async () => {
    const firstDelays = new Set<number>();
    for (let i = 0; i < 8; i++) firstDelays.add(at(await delaysOfFailingCall(), 0));
    expect(firstDelays.size).toBeGreaterThan(1);
  });
});
