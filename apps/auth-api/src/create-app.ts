import fastifyCors from '@fastify/cors';
import { traceIdFor, useServerRuntime } from '@gatehouse/server-runtime';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { HelmetOptions } from 'helmet';
import { AppModule } from './app/app.module';
import { sendError } from './common/filters/all-exceptions.filter';
import { withPlatformErrors } from './common/http/platform-errors';
import {
  answerClientError,
  registerJsonBodyParser,
  registerQueryCheck,
} from './common/http/request-input';
import type { AppConfig } from './config/app-config';

/** Probes are not logged: a load balancer polling every few seconds would drown the log. */
const QUIET_PATHS = new Set(['/health', '/health/live', '/metrics']);

/** A Content-Security-Policy that lets the Swagger UI at /docs load its own scripts and styles. */
const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      frameAncestors: ["'none'"],
    },
  },
};

/** Builds the auth API for a configuration: everything main.ts serves, and what tests drive. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    // The trace id: the access log and every line logged for the request carry it, and the
    // error filter returns it.
    genReqId: traceIdFor,
    // No Nest middleware here (hooks and guards do that work), so no middie hook per request.
    skipMiddie: true,
    // Errors raised before a route or a request exists still get the one error shape.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      sendError(error, request, reply, new Logger('HTTP')),
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forConfig(config),
    adapter,
    {
      bufferLogs: true,
      // Let start-up errors reach the caller (main.ts prints one line and exits) instead of
      // Nest calling process.exit itself.
      abortOnError: false,
      // registerJsonBodyParser below is the only body parser.
      bodyParser: false,
    },
  );
  useServerRuntime(app, {
    isQuiet: (path) => QUIET_PATHS.has(path),
    helmet: HELMET_OPTIONS,
    // Answers carry tokens, secrets and account data, errors included: no cache keeps them. A
    // route that may be cached says so itself (the JWKS), replacing this.
    extraHeaders: { 'cache-control': 'no-store' },
  });
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify, config.BODY_LIMIT_BYTES);
  registerQueryCheck(fastify);
  // Graceful shutdown: once closing, answers still in flight ask the client to close its
  // keep-alive connection, so the server stops as soon as they are sent instead of waiting
  // out the keep-alive timeout.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  // Registered on Fastify itself: Nest's enableCors wraps the plugin and copies its headers to
  // the raw response on every request, for Nest middleware this app does not use.
  await fastify.register(fastifyCors, {
    origin: config.CORS_ORIGINS,
    credentials: true,
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });

  if (config.DOCS_ENABLED) {
    const document = withPlatformErrors(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Gatehouse auth API')
          .setDescription(
            'Accounts, sessions and tokens. Errors share one shape: see ErrorResponse.',
          )
          .setVersion('1.0')
          .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
          .addTag('auth', 'Sign up, sign in, tokens and sign out')
          .addTag('account', 'Email verification, password reset and change, profile')
          .addTag('sessions', 'Signed-in devices')
          .addTag('two-factor', 'TOTP two-factor authentication')
          .addTag('admin', 'Users, roles and the audit log (role admin)')
          .addTag('health', 'Readiness and liveness')
          .build(),
      ),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}
