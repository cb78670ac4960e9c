import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import {
  type ControllerHarness,
  createControllerHarness,
} from '../../../test/support/controller-harness';
import { TransactionService } from '../../database/transaction.service';
import { RateLimitStore } from '../rate-limit/rate-limit.store';
import { HealthController } from './health.controller';

describe(HealthController.name, () => {
  let sut: ControllerHarness;
  const state = { dbUp: true, writable: true, redisConfigured: false, redisHealthy: false };

  beforeAll(async () => {
    sut = await createControllerHarness(HealthController, {
      mocks: [HealthCheckService, TypeOrmHealthIndicator],
      providers: [
        {
          provide: TransactionService,
          useValue: {
            get writable() {
              return state.writable;
            },
          },
        },
      ],
    });
    sut
      .mock(HealthCheckService)
      .check.mockImplementation(() =>
        state.dbUp ? Promise.resolve({} as never) : Promise.reject(new Error('db down')),
      );
    const rateLimits = sut.mock(RateLimitStore);
    rateLimits.redisHealthy.mockImplementation(() => Promise.resolve(state.redisHealthy));
    Object.defineProperty(rateLimits, 'redisConfigured', { get: () => state.redisConfigured });
  });
  afterAll(() => sut.close());

  it.each([
    [{}, 200, { status: 'ok', db: true, redis: false }],
    [{ dbUp: false }, 503, { status: 'degraded', db: false, redis: false }],
    [{ writable: false }, 503, { status: 'degraded', db: false, redis: false }],
    [{ redisConfigured: true }, 503, { status: 'degraded', db: true, redis: false }],
    [{ redisConfigured: true, redisHealthy: true }, 200, { status: 'ok', db: true, redis: true }],
  ])('readiness with %j answers %i', async (overrides, status, body) => {
    Object.assign(
      state,
      { dbUp: true, writable: true, redisConfigured: false, redisHealthy: false },
      overrides,
    );
    const res = await sut.inject({ method: 'GET', url: '/health', as: 'anonymous' });
    expect(res.status).toBe(status);
    expect(res.body).toEqual(body);
  });

  it('liveness answers ok to anyone', async () => {
    const res = await sut.inject({ method: 'GET', url: '/health/live', as: 'anonymous' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});
