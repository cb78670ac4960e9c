/** A configuration mistake: one line per problem, printed without a stack trace. */
export class ConfigError extends Error {
  constructor(
    readonly title: string,
    readonly problems: string[],
  ) {
    super(`${title}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
