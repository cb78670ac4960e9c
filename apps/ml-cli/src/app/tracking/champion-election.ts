import { type MetricName } from '../common/pipeline-vocabulary';
import { type MlflowTracker, type RegisteredVersion } from './mlflow-tracker';

export const CHAMPION_ALIAS = 'champion';

/** What decides the champion: the registered model and the candidate's score. */
export interface ChampionPolicy {
  readonly registeredModel: string;
  readonly metric: MetricName;
  /** The metric as logged, e.g. `test_accuracy`. */
  readonly metricKey: string;
  readonly value: number;
}

export interface ChampionStanding {
  readonly version: RegisteredVersion;
  /** Undefined when the champion's score cannot be read: any real score beats it. */
  readonly score?: number;
}

/**
 * The current champion and the score it defends. A champion whose run is gone (garbage-collected),
 * deleted, not FINISHED (a train that failed after moving the alias) or without the metric
 * counts as having no score, with a warning that says why, so it never blocks a new model.
 */
export async function currentChampion(
  tracker: MlflowTracker,
  policy: ChampionPolicy,
  warn: (message: string) => void,
): Promise<ChampionStanding | undefined> {
  const version = await tracker.getVersionByAlias(policy.registeredModel, CHAMPION_ALIAS);
  if (!version) return undefined;
  const name = `@${CHAMPION_ALIAS} v${version.version}`;
  if (!version.runId) {
    warn(`${name} does not count: it names no run to read its ${policy.metricKey} from`);
    return { version };
  }
  const run = await tracker.describeRun(version.runId, policy.metricKey);
  const why = !run
    ? `its run ${version.runId} is gone from ${tracker.target} (deleted and garbage-collected?)`
    : run.deleted
      ? `its run ${version.runId} is deleted`
      : run.status !== 'FINISHED'
        ? `its run ${version.runId} is ${run.status}, not FINISHED (a train that failed after moving the alias?)`
        : run.value === undefined || Number.isNaN(run.value)
          ? `its run ${version.runId} has no ${policy.metricKey}`
          : undefined;
  if (why) {
    warn(`${name} does not count: ${why}; any new model takes @${CHAMPION_ALIAS}`);
    return { version };
  }
  return { version, score: run?.value };
}
