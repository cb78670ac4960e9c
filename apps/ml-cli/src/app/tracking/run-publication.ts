import { type RunBatch } from '../mlflow/log-batch-chunks';
import {
  CHAMPION_ALIAS,
  type ChampionPolicy,
  type ChampionStanding,
  currentChampion,
} from './champion-election';
import { beatsChampion } from './champion-policy';
import { type MlflowTracker, type RegisteredVersion, type TrackedRun } from './mlflow-tracker';

/** What a run records: params, metrics and tags, and its artifacts by path. */
export interface RunContent {
  readonly batch: RunBatch;
  readonly artifacts: ReadonlyMap<string, string | Uint8Array>;
}

export interface Registration {
  readonly version: RegisteredVersion;
  /** Whether the champion alias moved to this version. */
  readonly champion: boolean;
  readonly previousChampion?: { readonly version: string; readonly score?: number };
}

/**
 * Publishes one run, in the order that never shows a half-published model: log everything,
 * register the version, move @champion (if it wins), and only then mark the run FINISHED. If a
 * step fails, rollBack() undoes what was done, alias first, and marks the run FAILED only once
 * no alias points at it.
 */
export class RunPublication {
  private version?: RegisteredVersion;
  /** Set before the alias request: a request that timed out may still have moved it. */
  private aliasTouched = false;
  private previous?: ChampionStanding;

  constructor(
    private readonly tracker: MlflowTracker,
    private readonly run: TrackedRun,
    private readonly policy: ChampionPolicy,
    private readonly warn: (message: string) => void,
  ) {}

  async publish(content: RunContent): Promise<Registration> {
    const { tracker, run, policy } = this;
    await tracker.logBatch(run, content.batch);
    for (const [path, bytes] of content.artifacts) await tracker.logArtifact(run, path, bytes);
    this.previous = await currentChampion(tracker, policy, this.warn);
    this.version = await tracker.registerModelVersion(policy.registeredModel, run, 'model');
    const champion = beatsChampion(policy.metric, policy.value, this.previous?.score);
    if (champion) {
      this.aliasTouched = true;
      await tracker.setAlias(policy.registeredModel, CHAMPION_ALIAS, this.version.version);
    }
    await tracker.finishRun(run, 'FINISHED', Date.now());
    const previous = this.previous;
    return {
      version: this.version,
      champion,
      ...(previous && {
        previousChampion: { version: previous.version.version, score: previous.score },
      }),
    };
  }

  /** Undoes a failed publish as far as the store lets it; warns about what is left and why. */
  async rollBack(): Promise<void> {
    const { tracker, run, policy } = this;
    const model = policy.registeredModel;
    if (this.aliasTouched && this.version) {
      const previous = this.previous?.version.version;
      try {
        if (previous) await tracker.setAlias(model, CHAMPION_ALIAS, previous);
        else await tracker.deleteAlias(model, CHAMPION_ALIAS);
      } catch (error) {
        // The run keeps its alias and stays RUNNING: the next train does not count it (not FINISHED).
        this.warn(
          `could not take @${CHAMPION_ALIAS} back from v${this.version.version} (${message(error)}); ` +
            `run ${run.runId} is left RUNNING and the next train replaces it`,
        );
        return;
      }
    }
    if (this.version) {
      const { version } = this.version;
      await tracker.deleteVersion(model, version).catch((error: unknown) => {
        this.warn(
          `v${version} of ${model} stays registered (${message(error)}); it never held @${CHAMPION_ALIAS}`,
        );
      });
    }
    await tracker.finishRun(run, 'FAILED', Date.now()).catch((error: unknown) => {
      this.warn(`could not mark run ${run.runId} FAILED: ${message(error)}`);
    });
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
