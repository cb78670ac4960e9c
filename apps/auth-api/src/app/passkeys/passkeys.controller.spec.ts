import {
  type ControllerHarness,
  createControllerHarness,
  invalid,
  refusal,
  UNKNOWN_ID,
  USER,
} from '../../../test/support/controller-harness';
import { PasskeyRegistrationService } from './passkey-registration.service';
import { PasskeySignInController } from './passkey-sign-in.controller';
import { PasskeySignInService } from './passkey-sign-in.service';
import { PasskeysController } from './passkeys.controller';
import { PasskeysService } from './passkeys.service';

const FLOW = '44444444-4444-4444-8444-444444444444';
const ASSERTION = {
  id: 'AAAA',
  rawId: 'AAAA',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' },
};

describe(PasskeysController.name, () => {
  let sut: ControllerHarness;
  let passkeys: jest.Mocked<PasskeysService>;

  beforeAll(async () => {
    sut = await createControllerHarness(PasskeysController, {
      mocks: [PasskeyRegistrationService, PasskeysService],
    });
    passkeys = sut.mock(PasskeysService);
  });
  afterAll(() => sut.close());
  beforeEach(() => jest.clearAllMocks());

  it('hands a trimmed name to the service', async () => {
    passkeys.rename.mockResolvedValue({ id: UNKNOWN_ID, name: 'Laptop' } as never);
    const res = await sut.inject({
      method: 'PATCH',
      url: `/auth/passkeys/${UNKNOWN_ID}`,
      payload: { name: '  Laptop ' },
    });
    expect(res.status).toBe(200);
    expect(passkeys.rename).toHaveBeenCalledWith(
      expect.objectContaining({ id: USER.id }),
      UNKNOWN_ID,
      'Laptop',
      expect.anything(),
    );
  });

  it.each([[{ name: '' }], [{ name: 'x'.repeat(65) }], [{ name: 'a\nb' }], [{}]])(
    'refuses the name in %j',
    async (payload) => {
      const res = await sut.inject({
        method: 'PATCH',
        url: `/auth/passkeys/${UNKNOWN_ID}`,
        payload,
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(invalid('name'));
      expect(passkeys.rename).not.toHaveBeenCalled();
    },
  );

  it('answers 400 for an id that is not a UUID, 401 without a token', async () => {
    expect((await sut.inject({ method: 'DELETE', url: '/auth/passkeys/42' })).status).toBe(400);
    const anonymous = await sut.inject({ method: 'GET', url: '/auth/passkeys', as: 'bad-token' });
    expect(anonymous.body).toEqual(refusal(401, 'UNAUTHENTICATED'));
  });
});

describe(PasskeySignInController.name, () => {
  let sut: ControllerHarness;
  let signIn: jest.Mocked<PasskeySignInService>;

  beforeAll(async () => {
    sut = await createControllerHarness(PasskeySignInController, { mocks: [PasskeySignInService] });
    signIn = sut.mock(PasskeySignInService);
  });
  afterAll(() => sut.close());
  beforeEach(() => jest.clearAllMocks());

  it('needs no bearer token, and hands the assertion on', async () => {
    signIn.signIn.mockResolvedValue({ access_token: 'a' } as never);
    const res = await sut.inject({
      method: 'POST',
      url: '/auth/passkeys/authentication',
      as: 'bad-token',
      payload: { flowId: FLOW, response: ASSERTION },
    });
    expect(res.status).toBe(200);
    expect(signIn.signIn).toHaveBeenCalledWith(
      { flowId: FLOW, response: ASSERTION },
      expect.anything(),
    );
  });

  it.each<[string, unknown, string]>([
    ['a flow id that is not a UUID', { flowId: 'x', response: ASSERTION }, 'flowId'],
    ['a missing response', { flowId: FLOW }, 'response'],
    [
      'a signature that is not base64url',
      {
        flowId: FLOW,
        response: { ...ASSERTION, response: { ...ASSERTION.response, signature: '+/=' } },
      },
      'response.response.signature',
    ],
  ])('refuses %s', async (_, payload, field) => {
    const res = await sut.inject({ method: 'POST', url: '/auth/passkeys/authentication', payload });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid(field));
    expect(signIn.signIn).not.toHaveBeenCalled();
  });
});
