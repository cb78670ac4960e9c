/** Options every stage command accepts. */
export interface StageOptions {
  /** Print a machine-readable summary on stdout. */
  readonly json?: boolean;
  /** Pipeline config file, overriding ML_CONFIG. */
  readonly config?: string;
}

/** A stage's result, printed as JSON with --json. */
export type StageSummary = Readonly<Record<string, unknown>>;
