export * from './lib/dev-secret';
export * from './lib/load-env-config';
export * from './lib/trust-proxy';
