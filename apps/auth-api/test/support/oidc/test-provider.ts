import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface AccountClaims {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/** Claims the provider's token endpoint overwrites in its ID token (re-signed), or null. */
export type Tamper =
  | (Partial<Record<'nonce' | 'iss' | 'aud' | 'exp' | 'sub' | 'email', unknown>> & {
      /** Keep the original signature over the changed claims. */
      brokenSignature?: boolean;
    })
  | null;

/**
 * A real OpenID Connect provider on a loopback port (oidc-provider in provider-worker.mjs),
 * with one confidential client, accounts the test defines, its own signing key, and a switch
 * that tampers with the ID tokens its token endpoint returns.
 */
export class TestProvider {
  readonly clientId = 'gatehouse-test';
  readonly clientSecret = randomBytes(24).toString('base64url');
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();

  private constructor(
    private readonly worker: Worker,
    public issuer = '',
  ) {
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.result);
    });
  }

  /** Starts the provider with a client registered for these redirect URIs. */
  static async start(redirectUris: string[]): Promise<TestProvider> {
    const sut = new TestProvider(new Worker(join(__dirname, 'provider-worker.mjs')));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = {
      ...privateKey.export({ format: 'jwk' }),
      kid: 'test-key',
      alg: 'RS256',
      use: 'sig',
    };
    const { issuer } = (await sut.send('start', {
      jwk,
      clients: [
        {
          client_id: sut.clientId,
          client_secret: sut.clientSecret,
          redirect_uris: redirectUris,
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
    })) as { issuer: string };
    sut.issuer = issuer;
    return sut;
  }

  /** SSO_* variables naming this provider as `id`. */
  env(id = 'test', name = 'Test ID'): Record<string, string> {
    const prefix = `SSO_${id.toUpperCase().replace(/-/g, '_')}_`;
    return {
      [`${prefix}ISSUER`]: this.issuer,
      [`${prefix}CLIENT_ID`]: this.clientId,
      [`${prefix}CLIENT_SECRET`]: this.clientSecret,
      [`${prefix}NAME`]: name,
    };
  }

  account(sub: string, claims: AccountClaims): Promise<unknown> {
    return this.send('account', { sub, claims });
  }

  tamper(claims: Tamper): Promise<unknown> {
    return this.send('tamper', claims);
  }

  /**
   * Plays the browser at the provider: follows the authorization URL, signs in as `sub` on
   * the provider's page, and returns the URL the provider redirects to (not fetched).
   */
  async signIn(authorizationUrl: string, sub: string, redirectUri: string): Promise<string> {
    const cookies = new Map<string, string>();
    let url = authorizationUrl;
    let form: URLSearchParams | undefined;
    for (let hop = 0; hop < 12; hop++) {
      if (url.startsWith(redirectUri)) return url;
      const response = await fetch(url, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: form?.toString(),
      });
      form = undefined;
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const at = pair.indexOf('=');
        cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
      const location = response.headers.get('location');
      if (location) {
        url = new URL(location, url).href;
      } else if (response.status === 200 && new URL(url).pathname.startsWith('/interaction/')) {
        form = new URLSearchParams({ sub });
      } else {
        throw new Error(
          `provider answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
        );
      }
    }
    throw new Error('too many redirects at the provider');
  }

  async stop(): Promise<void> {
    await this.send('stop', undefined);
    await this.worker.terminate();
  }

  private send(command: string, args: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, command, args });
    });
  }
}
