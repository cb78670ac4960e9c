export * from './lib/audit/audit-event-type';
export * from './lib/email/email-identity';
export * from './lib/errors/domain-error';
export * from './lib/errors/rate-limited.error';
export * from './lib/password/password-rules';
export * from './lib/roles/permissions';
export * from './lib/roles/role';
