export * from './lib/errors/domain-error';
export * from './lib/password/password-rules';
export * from './lib/roles/permissions';
export * from './lib/roles/role';
