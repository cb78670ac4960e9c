import type { Principal } from '../../app/users/principal';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the bearer-token guard on authenticated routes. */
    principal?: Principal;
  }
}
