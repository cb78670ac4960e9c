import type { HttpClient, HttpResponse } from './http-client';
import { type Ceremony, SoftAuthenticator } from './soft-authenticator';

/** Registers a software passkey for the signed-in `token`; throws unless it is stored. */
export async function addPasskey(
  http: HttpClient,
  token: string,
  auth = new SoftAuthenticator(),
  name?: string,
) {
  const start = await http.post('/auth/passkeys/registration/options', undefined, { token });
  if (start.status !== 200) throw new Error(`options failed: ${start.status} ${start.text}`);
  const done = await http.post(
    '/auth/passkeys',
    { flowId: start.body.flowId, response: auth.register(start.body.options), name },
    { token },
  );
  if (done.status !== 201) throw new Error(`register failed: ${done.status} ${done.text}`);
  return { auth, passkey: done.body as { id: string; name: string } };
}

/** Sign-in options from the API (a flow id and its challenge). */
export async function signInOptions(http: HttpClient) {
  const start = await http.post('/auth/passkeys/authentication/options');
  if (start.status !== 200) throw new Error(`options failed: ${start.status} ${start.text}`);
  return start.body as { flowId: string; options: { challenge: string } };
}

/** A whole passkey sign-in; `ceremony` bends what the authenticator signs. */
export async function passkeySignIn(
  http: HttpClient,
  auth: SoftAuthenticator,
  ceremony?: Ceremony,
): Promise<HttpResponse> {
  const { flowId, options } = await signInOptions(http);
  return http.post('/auth/passkeys/authentication', {
    flowId,
    response: auth.assert(options, ceremony),
  });
}
