import type { ServerResponse } from 'node:http';
import { type Hit, json, ScriptedServer } from './scripted-server';

export type Route = (hit: Hit, res: ServerResponse) => void;

/** A scripted auth-api: `routes['POST /auth/login'] = json(200, …)`; anything else is a 404. */
export class FakeAuthApi extends ScriptedServer {
  readonly routes: Record<string, Route> = {};

  constructor() {
    super();
    // Single sign-on: no provider configured and none linked, unless a test says otherwise.
    this.routes['GET /auth/sso/providers'] = answer(200, []);
    this.routes['GET /auth/sso/identities'] = answer(200, []);
    this.behaviour = (hit, res, index) => {
      const route = this.routes[`${hit.method} ${hit.url.split('?')[0]}`];
      if (route) return route(hit, res);
      json(404, { statusCode: 404, error: 'Not Found', message: 'no such route', traceId: 't' })(
        hit,
        res,
        index,
      );
    };
  }

  /**
   * The calls a page made, less the provider list behind the sign-in buttons, which every
   * signed-out page fetches (cached) whatever the form does.
   */
  get calls(): Hit[] {
    return this.hits.filter((h) => !(h.method === 'GET' && h.url === '/auth/sso/providers'));
  }

  hitsOf(method: string, path: string): Hit[] {
    return this.hits.filter((h) => h.method === method && h.url.split('?')[0] === path);
  }
}

export const answer = (status: number, body?: unknown, headers?: Record<string, string>): Route => {
  const behaviour = json(status, body ?? {}, headers);
  return (hit, res) => behaviour(hit, res, 0);
};

export const apiError = (
  status: number,
  code: string,
  message = code.toLowerCase(),
  errors?: unknown,
): Route =>
  answer(status, {
    statusCode: status,
    error: 'Error',
    message,
    traceId: 'api-trace',
    code,
    errors,
  });

export const USER = {
  id: '0b6f7c1e-4a9d-4f43-9a51-2d1b5c9e7f10',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  isActive: true,
  isVerified: false,
  mfaEnabled: false,
  roles: ['user'],
  signInMethods: { password: true, passkeys: 0, providers: [] as string[] },
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T10:00:00.000Z',
};

export const TOKENS = {
  access_token: 'access-1',
  refresh_token: 'refresh-1-abcdefghijklmnop',
  token_type: 'Bearer',
  expires_in: 1800,
};
