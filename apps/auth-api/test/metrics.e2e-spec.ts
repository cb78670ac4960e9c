import { login, registerUser } from './support/accounts';
import { databases } from './support/databases';
import { startApp, useTestApp } from './support/test-app';

describe.each(databases())('GET /metrics [%s]', (kind) => {
  // No grace window: the second use of a rotated token is a reuse at once, without waiting.
  const { sut, db } = useTestApp(kind, { REFRESH_REUSE_GRACE_SECONDS: '0' });

  it('exposes request durations by route template, logins, reuse detections and mails', async () => {
    const { email, user } = await registerUser(sut.http);
    const tokens = await login(sut.http, email);
    await sut.http.post('/auth/login', { email, password: 'not the password' });
    await sut.http.get(`/users/${user.id}`, { token: tokens.access_token });
    const rotated = await sut.http.post('/auth/refresh', { refresh_token: tokens.refresh_token });
    expect(rotated.status).toBe(200);
    expect(
      (await sut.http.post('/auth/refresh', { refresh_token: tokens.refresh_token })).status,
    ).toBe(401);

    const metrics = await sut.http.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = metrics.text;
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.005",method="POST",route="\/auth\/login",status="200"\}/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/users\/:id",status="403"\} 1/,
    );
    expect(text).not.toContain(user.id); // route templates, never raw URLs
    expect(text).toMatch(/auth_logins_total\{result="success"\} 1/);
    expect(text).toMatch(/auth_logins_total\{result="failure"\} 1/);
    expect(text).toMatch(/auth_refresh_token_reuse_total 1/);
    expect(text).toMatch(/mail_messages_total\{outcome="sent",template="verify-email"\} 1/);
    expect(text).toMatch(/http_rate_limited_total 0/);
    expect(text).toMatch(/process_resident_memory_bytes/);
  }, 30_000);

  it('can be switched off', async () => {
    const off = await startApp(db, { METRICS_ENABLED: 'false', DATABASE_MIGRATE: 'false' });
    try {
      expect((await off.http.get('/metrics')).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
