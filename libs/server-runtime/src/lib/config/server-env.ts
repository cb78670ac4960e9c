/** NODE_ENV of a Gatehouse server. */
export enum NodeEnv {
  Development = 'development',
  Production = 'production',
  Test = 'test',
}

/** pino's level names: what LOG_LEVEL accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `pretty` for people, `json` for log shippers. */
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** LOG_FORMAT when set; otherwise pretty in development only. */
export const logFormatOf = (config: { NODE_ENV: NodeEnv; LOG_FORMAT?: LogFormat }): LogFormat =>
  config.LOG_FORMAT ?? (config.NODE_ENV === NodeEnv.Development ? 'pretty' : 'json');
