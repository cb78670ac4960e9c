import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../app/users/principal';

/** The authenticated caller, as loaded by the bearer-token guard. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!request.principal) throw new Error('CurrentUser used on a public route');
    return request.principal;
  },
);
