import { connect } from 'node:net';
import { STRONG_PASSWORD, login, registerUser, uniqueEmail } from './support/accounts';
import { ADMIN, ADMIN_ENV } from './support/admin';
import { databases } from './support/databases';
import type { HttpResponse } from './support/http-client';
import { useTestApp } from './support/test-app';

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

/** The one error shape, with a trace id and no framework internals. */
function expectErrorShape(response: HttpResponse, status: number) {
  expect(response.status).toBe(status);
  expect(response.body).toEqual(
    expect.objectContaining({
      statusCode: status,
      error: expect.any(String),
      traceId: expect.any(String),
    }),
  );
  expect(response.text).not.toMatch(/FST_ERR|\s+at |\.ts:\d|\.js:\d/);
}

/** What Node's HTTP parser answers before a request exists, read off the socket. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** Finding 12: bodies and URLs that used to reach the server as 500s, or not at all. */
describe.each(databases())('hostile request input [%s]', (kind) => {
  const { sut } = useTestApp(kind, ADMIN_ENV);
  let adminToken: string;
  const userCount = async () =>
    Number((await sut.query<{ n: number }>('SELECT COUNT(*) AS n FROM users'))[0]?.n);

  beforeAll(async () => {
    adminToken = (await login(sut.http, ADMIN.email, ADMIN.password)).access_token;
  });

  it('refuses a deeply nested body on every route that takes one with a 400, never a 500', async () => {
    const document = (await sut.http.get('/docs-json')).body as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const withBody = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.requestBody)
        .map(([method, _]) => ({ method: method.toUpperCase(), path })),
    );
    expect(withBody.length).toBeGreaterThan(15);
    const before = await userCount();
    for (const { method, path } of withBody) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const response = await sut.http.request(method, url, {
        rawBody: `{"email":${nested(5000)},"password":"x","roles":${nested(5000)}}`,
        token: adminToken,
      });
      expectErrorShape(response, 400);
      expect(response.body.message).toBe('body nests deeper than 32 levels');
    }
    expect(await userCount()).toBe(before);
  });

  it('accepts the nesting a route really takes', async () => {
    const response = await sut.http.post('/auth/register', {
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
    });
    expect(response.status).toBe(201);
  });

  it('refuses lone surrogates and NUL in body strings and keys, and stores nothing', async () => {
    const before = await userCount();
    const email = uniqueEmail();
    const cases = [
      `{"email":"${email}","password":"${STRONG_PASSWORD}\\ud800"}`,
      `{"email":"${email}","password":"${STRONG_PASSWORD}","firstName":"Ada\\u0000"}`,
      `{"email":"${email}","password":"${STRONG_PASSWORD}","\\udc00":1}`,
    ];
    const answers = [];
    for (const rawBody of cases)
      answers.push(await sut.http.request('POST', '/auth/register', { rawBody }));
    answers.forEach((answer) => expectErrorShape(answer, 400));
    expect(answers.map((a) => a.body.errors?.[0]?.field)).toEqual([
      'password',
      'firstName',
      'body',
    ]);
    expect(await userCount()).toBe(before);
    // A surrogate pair is one character (an emoji) and stays welcome.
    const emoji = await sut.http.request('POST', '/auth/register', {
      rawBody: `{"email":"${email}","password":"${STRONG_PASSWORD} \\ud83d\\ude00"}`,
    });
    expect(emoji.status).toBe(201);
  });

  it('refuses NUL in a query value with a 400 (PostgreSQL cannot store it in text)', async () => {
    await registerUser(sut.http);
    const response = await sut.http.get('/users?q=%00', { token: adminToken });
    expectErrorShape(response, 400);
    expect(response.body.errors).toEqual([
      { field: 'q', messages: ['q must not contain NUL (U+0000)'] },
    ]);
  });

  it('names prototype keys instead of calling the body unreadable', async () => {
    for (const rawBody of [
      '{"__proto__":{"isAdmin":true},"email":"a@b.co","password":"x"}',
      '{"constructor":{"prototype":{"isAdmin":true}},"email":"a@b.co","password":"x"}',
    ]) {
      const response = await sut.http.request('POST', '/auth/login', { rawBody });
      expectErrorShape(response, 400);
      expect(response.body.message).toBe(
        'request body must not hold __proto__ or constructor.prototype keys',
      );
    }
  });

  it('takes bodies as JSON only: a cross-site form cannot post to the API', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data']) {
      const response = await sut.http.request('POST', '/auth/login', {
        rawBody: `email=${ADMIN.email}&password=${ADMIN.password}`,
        headers: { 'content-type': type },
      });
      expectErrorShape(response, 415);
      expect(response.body.message).toBe('send the request body as application/json');
    }
  });

  it('answers router errors in the error shape', async () => {
    const badEscape = await sut.http.get('/users/%zz', { token: adminToken });
    expectErrorShape(badEscape, 400);
    expect(badEscape.body.message).toMatch(/percent sign/);
    const longSegment = await sut.http.get(`/users/${'a'.repeat(300)}`, { token: adminToken });
    expectErrorShape(longSegment, 414);
  });

  it("answers what Node's HTTP parser refuses in the error shape, then closes", async () => {
    const port = Number(new URL(sut.http.baseUrl).port);
    for (const [request, status] of [
      [`GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431],
      [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(100_000)}\r\n\r\n`, 431],
      ['NOT HTTP AT ALL\r\n\r\n', 400],
    ] as const) {
      const answer = await rawExchange(port, request);
      expect(answer).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<
        string,
        unknown
      >;
      expect(body).toEqual({
        statusCode: status,
        error: expect.any(String),
        message: expect.any(String),
        traceId: expect.any(String),
      });
    }
  });
});
