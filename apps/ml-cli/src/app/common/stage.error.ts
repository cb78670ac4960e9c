/**
 * A stage failure with a message that says everything needed: printed as one line, no stack
 * (e.g. a missing input, an unreachable tracking server, a model that cannot be found).
 */
export class StageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StageError';
  }
}
