import { login, signedInUser } from './support/accounts';
import { ADMIN, ADMIN_ENV } from './support/admin';
import { databases } from './support/databases';
import { useTestApp } from './support/test-app';

describe.each(databases())(
  'DELETE /users/:id/sessions: an admin ends a user’s sessions [%s]',
  (kind) => {
    const { sut } = useTestApp(kind, ADMIN_ENV);
    let admin: string;
    let adminId: string;

    beforeAll(async () => {
      admin = (await login(sut.http, ADMIN.email, ADMIN.password)).access_token;
      adminId = (await sut.http.get('/auth/me', { token: admin })).body.id;
    });

    const endSessions = (id: string, token?: string) =>
      sut.http.request('DELETE', `/users/${id}/sessions`, { token });
    const me = async (token: string) => (await sut.http.get('/auth/me', { token })).status;
    const refresh = async (token: string) =>
      (await sut.http.post('/auth/refresh', { refresh_token: token })).status;

    it('ends every session and every access token of the user at once; only theirs', async () => {
      const user = await signedInUser(sut.http);
      const otherDevice = await login(sut.http, user.email);
      const bystander = await signedInUser(sut.http);

      const response = await endSessions(user.user.id, admin);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ended: 2 });
      for (const tokens of [user.tokens, otherDevice]) {
        expect(await me(tokens.access_token)).toBe(401);
        expect(await refresh(tokens.refresh_token)).toBe(401);
      }
      expect(await me(bystander.tokens.access_token)).toBe(200);
      expect(await me(admin)).toBe(200);
      // Not a lock-out: the user signs in again at once.
      expect(await me((await login(sut.http, user.email)).access_token)).toBe(200);
      expect((await endSessions(bystander.user.id, admin)).body).toEqual({ ended: 1 });
      expect((await endSessions(bystander.user.id, admin)).body).toEqual({ ended: 0 });
    });

    it('records user.sessions_ended with the admin as the actor', async () => {
      const user = await signedInUser(sut.http);
      const response = await endSessions(user.user.id, admin);
      const events = await sut.http.get(
        `/audit-events?userId=${user.user.id}&type=user.sessions_ended`,
        { token: admin },
      );
      expect(events.body.items).toEqual([
        expect.objectContaining({
          type: 'user.sessions_ended',
          userId: user.user.id,
          actorId: adminId,
          traceId: response.headers.get('x-request-id'),
          details: { sessions: 1 },
        }),
      ]);
    });

    it('refuses anonymous callers (401) and non-admins (403), and the sessions live on', async () => {
      const user = await signedInUser(sut.http);
      const member = await signedInUser(sut.http);
      expect((await endSessions(user.user.id)).status).toBe(401);
      const forbidden = await endSessions(user.user.id, member.tokens.access_token);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN' });
      expect(await me(user.tokens.access_token)).toBe(200);
      expect(await refresh(user.tokens.refresh_token)).toBe(200);
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      const unknown = await endSessions('6f1c2a9e-8b7d-4c3e-9a1f-2b3c4d5e6f70', admin);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: 'NOT_FOUND' });
      expect((await endSessions('42', admin)).status).toBe(400);
      expect((await endSessions("x' OR '1'='1", admin)).status).toBe(400);
    });

    it('is documented in /docs with its answer and error codes', async () => {
      const doc = (await sut.http.get('/docs-json')).body;
      const operation = doc.paths['/users/{id}/sessions'].delete;
      expect(operation.responses['200'].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/EndedSessionsResponse',
      );
      for (const status of ['400', '401', '403', '404']) {
        expect(operation.responses[status].content['application/json'].schema.$ref).toBe(
          '#/components/schemas/ErrorResponse',
        );
      }
      expect(doc.components.schemas.EndedSessionsResponse.required).toEqual(['ended']);
    });
  },
);
