import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import {
  CLIENT,
  type ControllerHarness,
  createControllerHarness,
  invalid,
  refusal,
  USER,
} from '../../../test/support/controller-harness';
import { ReauthService } from '../reauth/reauth.service';
import { IdentitiesController } from './identities.controller';
import { IdentitiesService } from './identities.service';
import { SsoController } from './sso.controller';
import { SsoService } from './sso.service';

const TOKEN = 't'.repeat(43);
const CALLBACK = 'http://localhost:8001/auth/sso/corp/callback?code=c&state=s';

describe(SsoController.name, () => {
  let sut: ControllerHarness;
  let sso: jest.Mocked<SsoService>;

  beforeAll(async () => {
    sut = await createControllerHarness(SsoController, { mocks: [SsoService] });
    sso = sut.mock(SsoService);
  });
  afterAll(() => sut.close());
  beforeEach(() => jest.clearAllMocks());

  it('starts a sign-in anonymously, and names the caller when a bearer token comes along', async () => {
    sso.start.mockResolvedValue({ authorization_url: 'u', flow_token: TOKEN, expires_in: 600 });
    const anonymous = await sut.inject({
      method: 'POST',
      url: '/auth/sso/corp/start',
      as: 'anonymous',
      payload: {},
    });
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers['cache-control']).toBe('no-store');
    expect(sso.start).toHaveBeenLastCalledWith('corp', {}, undefined);
    await sut.inject({ method: 'POST', url: '/auth/sso/corp/start', payload: { intent: 'link' } });
    expect(sso.start).toHaveBeenLastCalledWith(
      'corp',
      { intent: 'link' },
      expect.objectContaining({ id: USER.id, sessionId: USER.sessionId }),
    );
    const badToken = await sut.inject({
      method: 'POST',
      url: '/auth/sso/corp/start',
      as: 'bad-token',
      payload: {},
    });
    expect(badToken.status).toBe(401);
  });

  it.each([
    [{ intent: 'steal' }, ['intent']],
    [{ redirect_uri: 'not a url' }, ['redirect_uri']],
    [{ flow: 'x' }, ['flow']],
  ])('refuses the start body %j with the fields', async (payload, fields) => {
    const res = await sut.inject({
      method: 'POST',
      url: '/auth/sso/corp/start',
      as: 'anonymous',
      payload,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid(...fields));
    expect(sso.start).not.toHaveBeenCalled();
  });

  it('needs the flow token and the callback URL at the callback', async () => {
    const res = await sut.inject({
      method: 'POST',
      url: '/auth/sso/corp/callback',
      as: 'anonymous',
      payload: { callback_url: CALLBACK },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid('flow_token'));
    sso.callback.mockRejectedValue(
      new DomainError(DomainErrorCode.SsoProviderUnavailable, 'the provider is not answering'),
    );
    const down = await sut.inject({
      method: 'POST',
      url: '/auth/sso/corp/callback',
      as: 'anonymous',
      payload: { flow_token: TOKEN, callback_url: CALLBACK },
    });
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject(refusal(503, 'SSO_PROVIDER_UNAVAILABLE'));
    expect(sso.callback).toHaveBeenCalledWith(
      'corp',
      { flow_token: TOKEN, callback_url: CALLBACK },
      CLIENT,
    );
  });
});

describe(IdentitiesController.name, () => {
  let sut: ControllerHarness;
  let identities: jest.Mocked<IdentitiesService>;

  beforeAll(async () => {
    sut = await createControllerHarness(IdentitiesController, { mocks: [IdentitiesService] });
    identities = sut.mock(IdentitiesService);
  });
  afterAll(() => sut.close());
  beforeEach(() => jest.clearAllMocks());

  it('keeps linking, the list and unlinking to signed-in callers', async () => {
    for (const [method, url] of [
      ['POST', '/auth/sso/link'],
      ['GET', '/auth/sso/identities'],
      ['DELETE', '/auth/sso/identities/corp'],
    ] as const) {
      const res = await sut.inject({
        method,
        url,
        as: 'anonymous',
        payload: { link_token: TOKEN },
      });
      expect(res.status).toBe(401);
    }
    expect(identities.link).not.toHaveBeenCalled();
  });

  it('unlinks only after a recent proof of the credential', async () => {
    sut.mock(ReauthService).isRecent.mockResolvedValueOnce(false);
    const stale = await sut.inject({ method: 'DELETE', url: '/auth/sso/identities/corp' });
    expect(stale.body).toMatchObject(refusal(403, 'REAUTHENTICATION_REQUIRED'));
    expect(identities.unlink).not.toHaveBeenCalled();
    identities.unlink.mockResolvedValue();
    const fresh = await sut.inject({ method: 'DELETE', url: '/auth/sso/identities/corp' });
    expect(fresh.status).toBe(204);
    expect(identities.unlink).toHaveBeenCalledWith(
      expect.objectContaining({ id: USER.id }),
      'corp',
      CLIENT,
    );
  });
});
