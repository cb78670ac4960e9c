import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../config/app-config';
import type { UserSession } from '../../session/user-session';

/** What a page handler needs of its request: language, session, and the reply for cookies. */
export interface Page {
  locale: Locale;
  session: UserSession;
  request: FastifyRequest;
  reply: FastifyReply;
}

export const CurrentPage = createParamDecorator((_: unknown, context: ExecutionContext): Page => {
  const http = context.switchToHttp();
  const request = http.getRequest<FastifyRequest>();
  return {
    locale: request.locale,
    session: request.userSession,
    request,
    reply: http.getResponse<FastifyReply>(),
  };
});
