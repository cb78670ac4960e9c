import { login, signedInUser } from './support/accounts';
import { ADMIN, ADMIN_ENV } from './support/admin';
import { databases } from './support/databases';
import type { HttpResponse } from './support/http-client';
import { userWithMfa } from './support/mfa';
import { useTestApp } from './support/test-app';

interface DocumentOperation {
  responses: Record<string, unknown>;
  parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
}

const expect400 = (response: HttpResponse) => {
  expect(response.status).toBe(400);
  expect(response.body).toEqual(
    expect.objectContaining({ statusCode: 400, error: 'Bad Request', traceId: expect.any(String) }),
  );
};

/** What the bad-input campaign found (see bad-input.e2e-spec.ts), one case each. */
describe.each(databases())('request bodies and the OpenAPI document [%s]', (kind) => {
  const { sut } = useTestApp(kind, ADMIN_ENV);
  let document: {
    paths: Record<string, Record<string, DocumentOperation>>;
    components: {
      schemas: Record<string, { properties: Record<string, Record<string, unknown>> }>;
    };
  };
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({ path, method, op })),
    );
  const userCount = async () =>
    Number((await sut.query<{ n: number }>('SELECT COUNT(*) AS n FROM users'))[0]?.n);

  beforeAll(async () => {
    document = (await sut.http.get('/docs-json')).body;
  });

  it('documents what the HTTP layer answers on every operation', () => {
    for (const { path, method, op } of operations()) {
      const statuses = Object.keys(op.responses);
      expect({
        path,
        method,
        has: ['400', '408', '431'].every((s) => statuses.includes(s)),
      }).toEqual({
        path,
        method,
        has: true,
      });
      if (method !== 'get') expect(statuses).toEqual(expect.arrayContaining(['413', '415']));
      if (op.parameters?.some((p) => p.in === 'path')) expect(statuses).toContain('414');
      if (!path.startsWith('/health')) expect(statuses).toContain('429');
    }
  });

  it('types nullable names as strings and page, limit and days as integers', () => {
    for (const name of ['UpdateProfileDto', 'UpdateUserDto']) {
      const { firstName, lastName } = document.components.schemas[name]?.properties ?? {};
      expect([firstName?.['type'], lastName?.['type']]).toEqual(['string', 'string']);
    }
    const query = operations().flatMap(({ op }) => op.parameters ?? []);
    const typed = query.filter((p) => ['page', 'limit', 'days'].includes(p.name));
    expect(typed.length).toBe(5);
    for (const p of typed) expect(p.schema['type']).toBe('integer');
  });

  it('refuses a body that is null, an array or a primitive with a 400, storing nothing', async () => {
    const before = await userCount();
    for (const rawBody of ['null', '[]', '0', '"text"', 'true']) {
      const response = await sut.http.request('POST', '/auth/register', { rawBody });
      expect400(response);
      expect(response.body.message).toBe('the request body must be a JSON object');
    }
    expect(await userCount()).toBe(before);
  });

  it('refuses built-in object keys in a body or query, at any depth, with a 400', async () => {
    const { tokens } = await signedInUser(sut.http);
    const token = tokens.access_token;
    for (const rawBody of [
      '{"firstName":"Ada","toString":"x"}',
      '{"firstName":"Ada","hasOwnProperty":{"isAdmin":true}}',
      '{"firstName":{"valueOf":1}}',
      '{"prototype":{}}',
      '{"constructor":{"name":"x"}}',
    ]) {
      const response = await sut.http.request('PATCH', '/auth/me', { rawBody, token });
      expect400(response);
      expect(response.body.message).toMatch(/must not hold the built-in key/);
    }
    const admin = (await login(sut.http, ADMIN.email, ADMIN.password)).access_token;
    expect400(await sut.http.get('/users?toString=1', { token: admin }));
    expect(
      (await sut.query('SELECT first_name FROM users WHERE first_name IS NOT NULL')).length,
    ).toBe(0);
  });

  it('validates the optional proof bodies of 2FA setup, recovery codes and ending a session', async () => {
    const user = await signedInUser(sut.http);
    const mfa = await userWithMfa(sut.http);
    const session = (await sut.http.get('/auth/sessions', { token: user.tokens.access_token }))
      .body[0].id;
    const cases: [string, string, string][] = [
      ['POST', '/auth/2fa/setup', user.tokens.access_token],
      ['POST', '/auth/2fa/recovery-codes', mfa.tokens.access_token],
      ['DELETE', `/auth/sessions/${session}`, user.tokens.access_token],
    ];
    for (const [method, path, token] of cases) {
      for (const rawBody of ['"text"', '[]', '{"currentPassword":{"$gt":""}}', '{"extra":1}']) {
        expect400(await sut.http.request(method, path, { rawBody, token }));
      }
    }
    // Without a body (or with a valid proof) they still work.
    expect(
      (await sut.http.post('/auth/2fa/setup', undefined, { token: user.tokens.access_token }))
        .status,
    ).toBe(200);
    const codes = await sut.http.post(
      '/auth/2fa/recovery-codes',
      { currentPassword: mfa.password },
      { token: mfa.tokens.access_token },
    );
    expect(codes.status).toBe(200);
  });
});
