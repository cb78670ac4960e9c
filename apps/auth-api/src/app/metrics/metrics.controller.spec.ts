import {
  type ControllerHarness,
  createControllerHarness,
} from '../../../test/support/controller-harness';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

const SCRAPE = '# HELP http_requests_total Requests\n';

describe(MetricsController.name, () => {
  const metrics = { registry: { metrics: jest.fn(() => Promise.resolve(SCRAPE)) } };
  const harness = (enabled: boolean) =>
    createControllerHarness(MetricsController, {
      providers: [{ provide: MetricsService, useValue: metrics }],
      config: { METRICS_ENABLED: enabled },
    });

  it('serves the registry as Prometheus text, without a token', async () => {
    const sut: ControllerHarness = await harness(true);
    try {
      const res = await sut.inject({ method: 'GET', url: '/metrics', as: 'anonymous' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(res.body).toBe(SCRAPE);
    } finally {
      await sut.close();
    }
  });

  it('is a JSON 404 when switched off', async () => {
    const sut: ControllerHarness = await harness(false);
    try {
      const res = await sut.inject({ method: 'GET', url: '/metrics', as: 'anonymous' });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    } finally {
      await sut.close();
    }
  });
});
