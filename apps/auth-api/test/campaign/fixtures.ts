import { login, registerUser, STRONG_PASSWORD, uniqueEmail } from '../support/accounts';
import type { HttpClient } from '../support/http-client';
import { userWithMfa } from '../support/mfa';
import { addPasskey } from '../support/passkeys';
import { SoftAuthenticator } from '../support/soft-authenticator';
import type { RunningApp } from '../support/test-app';
import { totpFor } from '../support/totp';
import type { Operation, Schema } from './openapi';
import { type Draft, encodeComponent } from './request-draft';
import {
  SSO_PROVIDER_ID,
  SSO_REDIRECT,
  ssoCallbackBody,
  ssoLinked,
  ssoLinkToken,
} from './sso-fixtures';

interface Actor {
  userId: string;
  email: string;
  password: string;
  token: string;
  refresh: string;
  /** The TOTP secret, with 2FA on. */
  secret?: string;
  /** Unspent recovery codes, with 2FA on: a TOTP code works once per step, these once each. */
  recoveryCodes?: string[];
}

/**
 * Who calls each operation. Admin routes (tag `admin`) need an admin; the routes that only
 * work with 2FA on need an account with it; everything else a plain signed-in user.
 */
const NEEDS_MFA = new Set([
  'AuthController_loginWithMfa',
  'MfaController_regenerateRecoveryCodes',
  'MfaController_disable',
]);

const promote = (sut: RunningApp, userId: string) =>
  sut.query(
    "INSERT INTO user_roles (user_id, role_id) SELECT ?, id FROM roles WHERE name = 'admin'",
    [userId],
  );

async function expectOk<T>(
  what: string,
  answer: Promise<{ status: number; text: string; body: T }>,
) {
  const response = await answer;
  if (response.status >= 300) throw new Error(`${what}: ${response.status} ${response.text}`);
  return response.body;
}

/** An admin (granted in SQL) who has enrolled 2FA at sign-in, as REQUIRE_ADMIN_MFA asks. */
async function enrolledAdmin(sut: RunningApp): Promise<Actor> {
  const http = sut.http;
  const account = await registerUser(http);
  await promote(sut, account.user.id);
  const enrollment = await enrollmentToken(http, account.email);
  const setup = await expectOk<{ secret: string }>(
    'enrolment setup',
    http.post('/auth/login/mfa-enrollment/setup', { enrollment_token: enrollment }),
  );
  const tokens = await expectOk<{
    access_token: string;
    refresh_token: string;
    recoveryCodes: string[];
  }>(
    'enrolment enable',
    http.post('/auth/login/mfa-enrollment/enable', {
      enrollment_token: enrollment,
      code: totpFor(setup.secret),
    }),
  );
  return {
    userId: account.user.id,
    email: account.email,
    password: account.password,
    token: tokens.access_token,
    refresh: tokens.refresh_token,
    secret: setup.secret,
    recoveryCodes: tokens.recoveryCodes,
  };
}

async function enrollmentToken(http: HttpClient, email: string): Promise<string> {
  const answer = await expectOk<{ enrollment_token?: string }>(
    'admin login',
    http.post('/auth/login', { email, password: STRONG_PASSWORD }),
  );
  if (!answer.enrollment_token) throw new Error('no enrolment asked: is REQUIRE_ADMIN_MFA on?');
  return answer.enrollment_token;
}

/** Routes whose baseline needs the actor to have a passkey. */
const NEEDS_PASSKEY =
  /^\/auth\/(passkeys\/(authentication|\{id\})|me\/password|reauthenticate\/passkey)/;

/** Where each passkey ceremony starts, by the route that finishes it. */
const CEREMONY_START: Record<string, string> = {
  '/auth/passkeys': '/auth/passkeys/registration/options',
  '/auth/passkeys/authentication': '/auth/passkeys/authentication/options',
  '/auth/reauthenticate/passkey': '/auth/reauthenticate/passkey/options',
};

/**
 * The accounts and values one operation's valid baseline needs, made fresh for each operation
 * (so one operation's successes cannot spoil another's) and only when asked for.
 */
export class OperationFixtures {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly sut: RunningApp,
    readonly operation: Operation,
  ) {}

  private once<T>(key: string, make: () => Promise<T>): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as Promise<T>;
  }

  actor(): Promise<Actor> {
    return this.once('actor', async () => {
      if (this.operation.tags.includes('admin')) return enrolledAdmin(this.sut);
      if (NEEDS_MFA.has(this.operation.operationId)) {
        const user = await userWithMfa(this.sut.http);
        return {
          userId: user.user.id,
          email: user.email,
          password: user.password,
          token: user.tokens.access_token,
          refresh: user.tokens.refresh_token,
          secret: user.secret,
          recoveryCodes: user.recoveryCodes,
        };
      }
      const account = await registerUser(this.sut.http);
      const tokens = await login(this.sut.http, account.email);
      return {
        userId: account.user.id,
        email: account.email,
        password: account.password,
        token: tokens.access_token,
        refresh: tokens.refresh_token,
      };
    });
  }

  /** The actor's passkey (a software authenticator), registered once. */
  private passkey(): Promise<{ auth: SoftAuthenticator; id: string }> {
    return this.once('passkey', async () => {
      const actor = await this.actor();
      const { auth, passkey } = await addPasskey(this.sut.http, actor.token);
      return { auth, id: passkey.id };
    });
  }

  /** A fresh ceremony per request: challenges are single use. */
  private async ceremony(): Promise<{ flowId: string; response: unknown } | undefined> {
    const start = CEREMONY_START[this.operation.path];
    if (!start || this.operation.method.toUpperCase() !== 'POST') return undefined;
    const actor = await this.actor();
    const options = await expectOk<{ flowId: string; options: { challenge: string } }>(
      'passkey options',
      this.sut.http.post(start, undefined, { token: actor.token }),
    );
    const response =
      this.operation.path === '/auth/passkeys'
        ? new SoftAuthenticator().register(options.options)
        : (await this.passkey()).auth.assert(options.options);
    return { flowId: options.flowId, response };
  }

  /** The provider id; unlinking needs the actor to have that provider linked first. */
  private ssoProvider(): Promise<string> {
    return this.once('ssoProvider', async () => {
      if (this.operation.method === 'DELETE')
        await ssoLinked(this.sut.http, (await this.actor()).token);
      return SSO_PROVIDER_ID;
    });
  }

  /** A second account for admin routes to act on. */
  private victimId(): Promise<string> {
    return this.once('victim', async () => (await registerUser(this.sut.http)).user.id);
  }

  /** Another session of the actor (the route ending a session needs one to end). */
  private otherSessionId(): Promise<string> {
    return this.once('session', async () => {
      const actor = await this.actor();
      await login(this.sut.http, actor.email, actor.password);
      const sessions = await expectOk<{ id: string; current: boolean }[]>(
        'sessions',
        this.sut.http.get('/auth/sessions', { token: actor.token }),
      );
      return sessions.find((s) => !s.current)?.id ?? '';
    });
  }

  private mfaToken(): Promise<string> {
    return this.once('mfaToken', async () => {
      const actor = await this.actor();
      const answer = await expectOk<{ mfa_token: string }>(
        'login',
        this.sut.http.post('/auth/login', { email: actor.email, password: actor.password }),
      );
      return answer.mfa_token;
    });
  }

  /** An admin's sign-in that stopped at "enrol 2FA first", and the secret its setup gave. */
  private enrollment(): Promise<{ token: string; secret: string }> {
    return this.once('enrollment', async () => {
      const account = await registerUser(this.sut.http);
      await promote(this.sut, account.user.id);
      const token = await enrollmentToken(this.sut.http, account.email);
      const setup =
        this.operation.path === '/auth/login/mfa-enrollment/enable'
          ? await expectOk<{ secret: string }>(
              'enrolment setup',
              this.sut.http.post('/auth/login/mfa-enrollment/setup', { enrollment_token: token }),
            )
          : { secret: '' };
      return { token, secret: setup.secret };
    });
  }

  /** A 2FA secret set up but not yet confirmed (what POST /auth/2fa/enable confirms). */
  private pendingSecret(): Promise<string> {
    return this.once('pending', async () => {
      const actor = await this.actor();
      const setup = await expectOk<{ secret: string }>(
        '2FA setup',
        this.sut.http.post('/auth/2fa/setup', undefined, { token: actor.token }),
      );
      return setup.secret;
    });
  }

  private async code(): Promise<string | undefined> {
    const actor = await this.actor();
    if (actor.secret) return actor.recoveryCodes?.shift() ?? totpFor(actor.secret);
    if (this.operation.path === '/auth/2fa/enable') return totpFor(await this.pendingSecret());
    if (this.operation.path === '/auth/login/mfa-enrollment/enable')
      return totpFor((await this.enrollment()).secret);
    return undefined;
  }

  private ssoCallback() {
    return this.once('ssoCallback', () => ssoCallbackBody(this.sut.http));
  }

  /** The value a valid request sends for a body field, or undefined to leave it out. */
  private async field(name: string, schema: Schema, required: boolean): Promise<unknown> {
    const actor = await this.actor();
    switch (name) {
      case 'email':
        return this.operation.statuses.has(201) ? uniqueEmail() : actor.email;
      case 'newEmail':
        return uniqueEmail('new');
      case 'password':
      case 'currentPassword':
      case 'newPassword':
        return actor.password;
      case 'code':
        return (await this.code()) ?? (required ? '123456' : undefined);
      case 'refresh_token':
        return actor.refresh;
      case 'mfa_token':
        return this.mfaToken();
      case 'enrollment_token':
        return (await this.enrollment()).token;
      case 'flow_token':
      case 'callback_url':
        return (await this.ssoCallback())[name];
      case 'link_token':
        return this.once('link', () => ssoLinkToken(this.sut.http, actor.email));
      case 'redirect_uri':
        return SSO_REDIRECT;
    }
    if (!required) return schema.example;
    return schema.example ?? schema.default ?? (schema.type === 'boolean' ? true : 'x');
  }

  /** A valid request for the operation: its baseline, before any mutation. */
  async baseline(): Promise<Draft & { body?: Record<string, unknown> }> {
    const op = this.operation;
    if (NEEDS_PASSKEY.test(op.path)) await this.passkey();
    const ceremony = await this.ceremony();
    const pathParams: Record<string, string> = {};
    for (const p of op.pathParams) {
      const id = op.path.startsWith('/users')
        ? await this.victimId()
        : op.path.startsWith('/auth/passkeys/')
          ? (await this.passkey()).id
          : op.path.startsWith('/auth/sso')
            ? await this.ssoProvider()
            : await this.otherSessionId();
      pathParams[p.name] = encodeComponent(id);
    }
    let body: Record<string, unknown> | undefined;
    if (op.body) {
      body = {};
      const required = new Set(op.body.schema.required ?? []);
      for (const [name, schema] of Object.entries(op.body.schema.properties ?? {})) {
        const value =
          ceremony && (name === 'flowId' || name === 'response')
            ? ceremony[name]
            : await this.field(name, schema, required.has(name));
        if (value !== undefined) body[name] = value;
      }
      // A proof with a password needs no code beside it.
      if (!required.has('code') && ('password' in body || 'currentPassword' in body))
        delete body['code'];
    }
    const headers: Record<string, string> = {};
    if (op.secured) headers['authorization'] = `Bearer ${(await this.actor()).token}`;
    return { method: op.method, pathParams, query: [], body, headers };
  }
}
