import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import { traceIdFor, useServerRuntime } from '@gatehouse/server-runtime';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HelmetOptions } from 'helmet';
import { AppModule } from './app/app.module';
import { AuthApiClient } from './auth-api/auth-api.client';
import { csrfHook } from './common/http/csrf';
import { ASSET_PATHS } from './common/view/view-tokens';
import { type AppConfig, NodeEnv } from './config/app-config';
import type { AssetPaths } from './config/asset-paths';
import { sessionSecret } from './config/session-secret';
import { createHandlebars } from './i18n/handlebars';
import { pickLocale } from './i18n/locale';
import { Translator } from './i18n/translator';
import { SessionCookies } from './session/session-cookies';
import { UserSession } from './session/user-session';

/** Probes and static assets are not logged: they would drown the pages. */
const QUIET_PATHS = /^\/(health(\/live)?$|assets\/)/;

/** helmet's headers: a strict CSP without inline script or style; HSTS with secure cookies. */
const helmetOptions = (config: AppConfig): HelmetOptions => ({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      upgradeInsecureRequests: config.cookieSecure ? [] : null,
    },
  },
  referrerPolicy: { policy: 'same-origin' },
  strictTransportSecurity: config.cookieSecure,
});

/** Builds the web app for a configuration: everything main.ts serves, and what tests drive. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    // The trace id: logged with every line (useServerRuntime) and sent on to auth-api.
    genReqId: traceIdFor,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forConfig(config),
    adapter,
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  useServerRuntime(app, {
    isQuiet: (path) => QUIET_PATHS.test(path),
    helmet: helmetOptions(config),
  });
  app.enableShutdownHooks();

  const paths = app.get<AssetPaths>(ASSET_PATHS);
  const cookies = app.get(SessionCookies);
  const client = app.get(AuthApiClient);
  const fastify = app.getHttpAdapter().getInstance();

  await app.register(fastifyCookie, { secret: sessionSecret(config) });
  // Form bodies (application/x-www-form-urlencoded) are parsed by Nest's Fastify adapter.
  await app.register(fastifyCsrf, {
    cookieKey: cookies.name('csrf'),
    cookieOpts: cookies.options('csrf'),
    getToken: (request) =>
      (request.body as Record<string, unknown> | undefined)?.['_csrf'] as string | undefined,
  });

  const sessionLogger = new NestLogger(UserSession.name);
  fastify.decorateRequest('locale', config.DEFAULT_LOCALE);
  fastify.decorateRequest('userSession', null as unknown as UserSession);
  fastify.addHook('onRequest', (request, reply, done) => {
    const acceptLanguage = request.headers['accept-language'];
    request.locale = pickLocale(
      cookies.read(request, 'lang'),
      acceptLanguage,
      config.DEFAULT_LOCALE,
    );
    request.userSession = new UserSession(
      request,
      reply,
      client,
      cookies,
      config.REFRESH_COOKIE_MAX_AGE_SECONDS,
      sessionLogger,
    );
    done();
  });
  // Every state-changing request carries the form's CSRF token; a missing or wrong one is a
  // 403 page (PageExceptionFilter) before any handler runs.
  fastify.addHook('preHandler', csrfHook(fastify));
  // Pages carry CSRF tokens and personal data: never stored by a browser or a proxy.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      void reply.header('cache-control', 'no-store');
      void reply.header('content-language', _request.locale);
    }
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  app.useStaticAssets({
    root: paths.public,
    prefix: '/assets/',
    // File names carry their content hash (build-assets): cache for a year, never revalidate.
    immutable: true,
    maxAge: '365d',
    index: false,
    allowedPath: (pathName) => pathName !== '/manifest.json',
  });
  app.setViewEngine({
    engine: { handlebars: createHandlebars(app.get(Translator)) },
    templates: paths.views,
    layout: 'layouts/main',
    viewExt: 'hbs',
    production: config.NODE_ENV !== NodeEnv.Development,
    options: { partials: await partialFiles(paths.views) },
  });
  return app;
}

/** Every `views/partials/<name>.hbs` as the partial `<name>`. */
async function partialFiles(viewsDir: string): Promise<Record<string, string>> {
  const { readdir } = await import('node:fs/promises');
  const files = await readdir(`${viewsDir}/partials`);
  return Object.fromEntries(
    files.filter((f) => f.endsWith('.hbs')).map((f) => [f.replace(/\.hbs$/, ''), `partials/${f}`]),
  );
}
