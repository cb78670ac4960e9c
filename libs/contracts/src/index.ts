export * from './lib/auth/jwks.response';
export * from './lib/auth/login.dto';
export * from './lib/auth/refresh-token.dto';
export * from './lib/auth/register-user.dto';
export * from './lib/auth/token-pair.response';
export * from './lib/common/error.response';
export * from './lib/health/health.response';
export * from './lib/users/user.response';
