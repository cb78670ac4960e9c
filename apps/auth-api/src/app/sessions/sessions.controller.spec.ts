import { AuditEventType, DomainError, DomainErrorCode } from '@gatehouse/domain';
import {
  CLIENT,
  type ControllerHarness,
  createControllerHarness,
  invalid,
  refusal,
  UNKNOWN_ID,
  USER,
} from '../../../test/support/controller-harness';
import { AuditService } from '../audit/audit.service';
import { ReauthService } from '../reauth/reauth.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

const PASSWORD = 'correct-horse-battery-staple';

describe(SessionsController.name, () => {
  let sut: ControllerHarness;
  let sessions: jest.Mocked<SessionsService>;
  let audit: jest.Mocked<AuditService>;
  let reauth: jest.Mocked<ReauthService>;

  beforeAll(async () => {
    sut = await createControllerHarness(SessionsController, {
      mocks: [SessionsService, AuditService],
    });
    sessions = sut.mock(SessionsService);
    audit = sut.mock(AuditService);
    reauth = sut.mock(ReauthService);
  });
  afterAll(() => sut.close());
  beforeEach(() => {
    jest.clearAllMocks();
    reauth.isRecent.mockResolvedValue(true);
    sessions.endOwnSession.mockResolvedValue();
    audit.record.mockResolvedValue();
  });

  it('lists the caller’s sessions, given the current one’s id', async () => {
    sessions.listFor.mockResolvedValue([]);
    const res = await sut.inject({ method: 'GET', url: '/auth/sessions' });
    expect(res.status).toBe(200);
    expect(sessions.listFor).toHaveBeenCalledWith(USER.id, USER.sessionId);
  });

  it('ends a session and audits it with the client', async () => {
    const res = await sut.inject({ method: 'DELETE', url: `/auth/sessions/${UNKNOWN_ID}` });
    expect(res.status).toBe(204);
    expect(sessions.endOwnSession).toHaveBeenCalledWith(USER.id, UNKNOWN_ID);
    expect(audit.record).toHaveBeenCalledWith({
      type: AuditEventType.SessionRevoked,
      userId: USER.id,
      client: CLIENT,
      details: { sessionId: UNKNOWN_ID },
    });
  });

  it.each([
    ['GET', '/auth/sessions'],
    ['DELETE', `/auth/sessions/${UNKNOWN_ID}`],
  ] as const)('%s %s needs a bearer token', async (method, url) => {
    const res = await sut.inject({ method, url, as: 'anonymous' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(refusal(401, 'UNAUTHENTICATED'));
  });

  describe('without a recent sign-in', () => {
    beforeEach(() => reauth.isRecent.mockResolvedValue(false));

    it('ends the caller’s own session without a proof', async () => {
      const res = await sut.inject({ method: 'DELETE', url: `/auth/sessions/${USER.sessionId}` });
      expect(res.status).toBe(204);
      expect(sessions.endOwnSession).toHaveBeenCalledWith(USER.id, USER.sessionId);
    });

    it('is 403 REAUTHENTICATION_REQUIRED for another session without a proof', async () => {
      const res = await sut.inject({ method: 'DELETE', url: `/auth/sessions/${UNKNOWN_ID}` });
      expect(res.status).toBe(403);
      expect(res.body).toEqual(refusal(403, 'REAUTHENTICATION_REQUIRED'));
      expect(sessions.endOwnSession).not.toHaveBeenCalled();
    });

    it('ends another session with a password proof in the body', async () => {
      const res = await sut.inject({
        method: 'DELETE',
        url: `/auth/sessions/${UNKNOWN_ID}`,
        payload: { currentPassword: PASSWORD },
      });
      expect(res.status).toBe(204);
      expect(reauth.reauthenticate).toHaveBeenCalledWith(USER, { password: PASSWORD }, CLIENT);
    });
  });

  it('refuses an id that is no uuid v4, and a body with other fields', async () => {
    const badId = await sut.inject({ method: 'DELETE', url: '/auth/sessions/abc' });
    expect(badId.status).toBe(400);
    const badBody = await sut.inject({
      method: 'DELETE',
      url: `/auth/sessions/${UNKNOWN_ID}`,
      payload: { force: true },
    });
    expect(badBody.status).toBe(400);
    expect(badBody.body).toEqual(invalid('force'));
    expect(sessions.endOwnSession).not.toHaveBeenCalled();
  });

  it('answers 404 when the session is not the caller’s', async () => {
    sessions.endOwnSession.mockRejectedValue(
      new DomainError(DomainErrorCode.NotFound, 'session not found'),
    );
    const res = await sut.inject({ method: 'DELETE', url: `/auth/sessions/${UNKNOWN_ID}` });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(refusal(404, 'NOT_FOUND'));
    expect(audit.record).not.toHaveBeenCalled();
  });
});
