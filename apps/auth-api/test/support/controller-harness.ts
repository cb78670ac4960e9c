import { Role } from '@gatehouse/domain';
import { traceIdFor } from '@gatehouse/server-runtime';
import { Logger, type Provider, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AccessDenialsService } from '../../src/app/audit/access-denials.service';
import { PermissionsGuard } from '../../src/app/audit/permissions.guard';
import { AccessTokenGuard } from '../../src/app/auth/access-token.guard';
import { AccessTokenService } from '../../src/app/auth/tokens/access-token.service';
import { RefusedTokenError } from '../../src/app/auth/tokens/refused-token.error';
import { RateLimitStore } from '../../src/app/rate-limit/rate-limit.store';
import { RequestLimitGuard } from '../../src/app/rate-limit/request-limit.guard';
import { ReauthService } from '../../src/app/reauth/reauth.service';
import { RecentAuthGuard } from '../../src/app/reauth/recent-auth.guard';
import type { Principal, PrincipalRecord } from '../../src/app/users/principal';
import { PrincipalRepository } from '../../src/app/users/principal.repository';
import { AllExceptionsFilter, sendError } from '../../src/common/filters/all-exceptions.filter';
import type { ClientContext } from '../../src/common/http/client-context';
import { registerJsonBodyParser, registerQueryCheck } from '../../src/common/http/request-input';
import { createValidationPipe } from '../../src/common/pipes/validation.pipe';
import { AppConfig } from '../../src/config/app-config';

/**
 * The controller tier: one controller on a real Fastify adapter with the app's global pipe,
 * filter and guards (in app.module.ts order), its services replaced by automocks, driven with
 * app.inject() (no port). What a spec sees is the real status and error body; what the mocked
 * service receives is exactly what the HTTP layer hands the handler.
 */

type Caller = 'user' | 'admin' | 'anonymous' | 'bad-token';

/** What the bearer-token guard puts on the request (its record, with the token's session). */
type Signed = Principal & PrincipalRecord;

const signedIn = (id: string, email: string, roles: string[]): Signed => ({
  id,
  email,
  firstName: 'Ada',
  lastName: 'Lovelace',
  isActive: true,
  isVerified: true,
  mfaEnabled: false,
  roles,
  createdAt: new Date('2024-01-01T00:00:00Z'),
  updatedAt: new Date('2024-01-02T00:00:00Z'),
  tokensValidAfter: null,
  sessionLive: true,
  sessionId: `${id.slice(0, 7)}f-5e55-4e55-8e55-5e55e55e55e5`,
});

/** The principal a handler gets for each caller with a token. */
export const USER = signedIn('11111111-1111-4111-8111-111111111111', 'ada@example.com', [
  Role.User,
]);
export const ADMIN = signedIn('22222222-2222-4222-8222-222222222222', 'root@example.com', [
  Role.User,
  Role.Admin,
]);
const TOKENS: Record<string, Signed> = { 'user-token': USER, 'admin-token': ADMIN };
const AUTHORIZATION: Record<Caller, string | undefined> = {
  user: 'Bearer user-token',
  admin: 'Bearer admin-token',
  anonymous: undefined,
  'bad-token': 'Bearer forged-token',
};

const TRACE_ID = 'controller-spec';
/** The @Client() context of every injected request. */
export const CLIENT: ClientContext = { ip: '127.0.0.1', userAgent: 'jest', traceId: TRACE_ID };

/** A uuid v4 no fixture uses: an id a service may answer NOT_FOUND for. */
export const UNKNOWN_ID = '33333333-3333-4333-8333-333333333333';

/** Every method of the class (and its ancestors) as a jest.fn(); no constructor runs. */
export function automock<T>(type: Type<T>): jest.Mocked<T> {
  const mock: Record<string, jest.Mock> = {};
  for (let proto = type.prototype as object; proto !== Object.prototype; ) {
    for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (name !== 'constructor' && typeof descriptor.value === 'function' && !(name in mock))
        mock[name] = jest.fn();
    }
    proto = Object.getPrototypeOf(proto) as object;
  }
  return mock as unknown as jest.Mocked<T>;
}

export interface HarnessOptions {
  /** The services the controller injects, each replaced by an automock (see `mock`). */
  mocks?: Type[];
  /**
   * Other providers as given: a repository token, or a value a constructor reads (one for a
   * mocked class replaces its automock).
   */
  providers?: Provider[];
  /** AppConfig values the controller or the guards read, over the harness defaults. */
  config?: Partial<AppConfig>;
}

export interface InjectRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** Who calls: the bearer token sent (default 'user'). */
  as?: Caller;
  payload?: unknown;
}

export interface InjectResponse {
  status: number;
  headers: Record<string, unknown>;
  /** The parsed JSON answer, the text otherwise, undefined when empty. */
  body: any;
}

export interface ControllerHarness {
  app: NestFastifyApplication;
  /** The automock standing for a class: a controller's service or a guard's dependency. */
  mock<T>(type: Type<T>): jest.Mocked<T>;
  inject(request: InjectRequest): Promise<InjectResponse>;
  close(): Promise<void>;
}

/**
 * Guards' dependencies: a known bearer token verifies to its principal (any other is refused
 * as invalid), the session's proof is recent, denials are recorded, limits count in memory
 * (the RATE_LIMIT_* config, a million by default).
 * A spec changes one through `mock` (say `mock(ReauthService).isRecent`).
 */
function guardDependencies(): Map<Type, unknown> {
  const accessTokens = automock(AccessTokenService);
  accessTokens.verify.mockImplementation((token) => {
    const principal = TOKENS[token];
    if (!principal) throw new RefusedTokenError('invalid_token', 'access token is invalid');
    return { sub: principal.id, sid: principal.sessionId, roles: principal.roles } as never;
  });
  const principals = automock(PrincipalRepository);
  principals.find.mockImplementation((id, sid) =>
    Promise.resolve(Object.values(TOKENS).find((p) => p.id === id && p.sessionId === sid) ?? null),
  );
  const denials = automock(AccessDenialsService);
  denials.record.mockResolvedValue(undefined);
  const reauth = automock(ReauthService);
  reauth.isRecent.mockResolvedValue(true);
  reauth.reauthenticate.mockResolvedValue(undefined);
  const rateLimits = automock(RateLimitStore);
  rateLimits.limiter.mockImplementation((options) => new RateLimiterMemory(options));
  return new Map<Type, unknown>([
    [AccessTokenService, accessTokens],
    [PrincipalRepository, principals],
    [AccessDenialsService, denials],
    [ReauthService, reauth],
    [RateLimitStore, rateLimits],
  ]);
}

/** Builds the controller's app; call `close()` after the suite. */
export async function createControllerHarness(
  controller: Type,
  options: HarnessOptions = {},
): Promise<ControllerHarness> {
  const mocks = guardDependencies();
  for (const type of options.mocks ?? []) if (!mocks.has(type)) mocks.set(type, automock(type));
  for (const provider of options.providers ?? [])
    mocks.delete('provide' in provider ? (provider.provide as Type) : provider);
  const config = {
    adminMfaRequired: false,
    RATE_LIMIT_GLOBAL_MAX: 1_000_000,
    RATE_LIMIT_GLOBAL_WINDOW_SECONDS: 60,
    RATE_LIMIT_MAIL_REQUEST_MAX: 1_000_000,
    RATE_LIMIT_MAIL_REQUEST_WINDOW_SECONDS: 60,
    ...options.config,
  };

  const moduleRef = await Test.createTestingModule({
    controllers: [controller],
    providers: [
      ...[...mocks].map(([provide, useValue]) => ({ provide, useValue })),
      { provide: AppConfig, useValue: config },
      ...(options.providers ?? []),
      // As in app.module.ts, in its order.
      { provide: APP_PIPE, useFactory: createValidationPipe },
      { provide: APP_FILTER, useClass: AllExceptionsFilter },
      { provide: APP_GUARD, useClass: RequestLimitGuard },
      { provide: APP_GUARD, useClass: AccessTokenGuard },
      { provide: APP_GUARD, useClass: PermissionsGuard },
      { provide: APP_GUARD, useClass: RecentAuthGuard },
    ],
  }).compile();

  // As in create-app.ts: the adapter's error hooks and the request-input parsers.
  const adapter = new FastifyAdapter({
    genReqId: traceIdFor,
    skipMiddie: true,
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      sendError(error, request, reply, new Logger('HTTP')),
  });
  const app = moduleRef.createNestApplication<NestFastifyApplication>(adapter, {
    bodyParser: false,
    logger: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify, 100 * 1024);
  registerQueryCheck(fastify);
  await app.init();
  await fastify.ready();

  return {
    app,
    mock<T>(type: Type<T>): jest.Mocked<T> {
      const mock = mocks.get(type);
      if (!mock) throw new Error(`${type.name} is not mocked: list it in the harness's mocks`);
      return mock as jest.Mocked<T>;
    },
    async inject({ method, url, as = 'user', payload }) {
      const authorization = AUTHORIZATION[as];
      const response = await app.inject({
        method,
        url,
        headers: {
          'user-agent': 'jest',
          'x-request-id': TRACE_ID,
          ...(authorization ? { authorization } : {}),
        },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      const json = String(response.headers['content-type'] ?? '').startsWith('application/json');
      return {
        status: response.statusCode,
        headers: response.headers,
        body: response.body === '' ? undefined : json ? response.json() : response.body,
      };
    },
    close: () => app.close(),
  };
}

/** The filter's shape for a refusal with a domain code. */
export const refusal = (statusCode: number, code: string) =>
  expect.objectContaining({ statusCode, code, message: expect.any(String), traceId: TRACE_ID });

/** The pipe's 400: the fields it names, each with its messages. */
export const invalid = (...fields: string[]) => ({
  statusCode: 400,
  error: 'Bad Request',
  message: expect.any(String),
  errors: fields.map((field) => ({ field, messages: expect.any(Array) })),
  traceId: TRACE_ID,
});

/** The mocked methods that were called, by name: `[]` when the request never reached them. */
export const calledMethods = (...mocks: object[]): string[] =>
  mocks.flatMap((mock) =>
    Object.entries(mock as Record<string, jest.Mock>)
      .filter(([, fn]) => fn.mock.calls.length > 0)
      .map(([name]) => name),
  );
