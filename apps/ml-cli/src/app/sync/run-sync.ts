import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type MetricName } from '../common/pipeline-vocabulary';
import { type MlflowRun, type MlflowRunStatus } from '../mlflow/mlflow-rest.types';
import { type MlflowClient, RUN_KEY_TAG } from '../mlflow/mlflow.client';
import { CHAMPION_ALIAS, currentChampion } from '../tracking/champion-election';
import { beatsChampion } from '../tracking/champion-policy';
import { type RestTracker } from '../tracking/rest-tracker';
import { metricKey } from '../training/run-batch';
import { type LocalRun, type LocalRunContent, type LocalStoreReader } from './local-store-reader';

/** Set last on a server run: everything of the local run (named by its id) is there. */
export const SYNCED_TAG = 'gatehouse.synced_from';

export type RunSyncOutcome = 'pushed' | 'already' | 'skipped';

/**
 * Pushes one local run to the tracking server so that it can be repeated at will: the server run
 * is found by the local run's key (its `gatehouse.run_key` tag, or its id) before one is
 * created, log-batch and artifact uploads may be repeated, versions are looked for before they
 * are created, and the synced tag is set only at the end. An interrupted push is resumed by the
 * next one; a finished one is not touched again.
 */
export class RunSync {
  constructor(
    private readonly client: MlflowClient,
    private readonly server: RestTracker,
    private readonly local: LocalStoreReader,
    private readonly warn: (message: string) => void,
  ) {}

  async push(
    run: LocalRun,
  ): Promise<{ outcome: RunSyncOutcome; serverRunId?: string; versions: number }> {
    if (run.deleted || run.status === 'RUNNING' || run.status === 'SCHEDULED') {
      const why = run.deleted ? 'deleted' : `still ${run.status}`;
      this.warn(`run ${run.runName} (${run.runId}) is ${why}: not pushed`);
      return { outcome: 'skipped', versions: 0 };
    }
    const content = await this.local.content(run);
    const key = content.tags.find((t) => t.key === RUN_KEY_TAG)?.value ?? run.runId;
    const experiment = await this.client.getOrCreateExperiment(run.experimentName);
    let target = await this.client.findRunByKey(experiment.experiment_id, key);
    if (target && tagOf(target, SYNCED_TAG) === run.runId) {
      return { outcome: 'already', serverRunId: target.info.run_id, versions: 0 };
    }
    if (target?.info.lifecycle_stage === 'deleted') {
      this.warn(
        `run ${run.runName} (${run.runId}) was pushed before and deleted on the server: not pushed again`,
      );
      return { outcome: 'skipped', versions: 0 };
    }
    target ??= await this.client.createRun({
      experimentId: experiment.experiment_id,
      startTime: run.startTime,
      runName: run.runName,
      ...(run.userId && { userId: run.userId }),
      runKey: key,
    });
    const serverRunId = target.info.run_id;
    const rename = (text: string) => text.split(run.runId).join(serverRunId);
    await this.client.logBatch(serverRunId, {
      params: content.params,
      metrics: content.metrics,
      tags: content.tags
        .filter((t) => t.key !== RUN_KEY_TAG && t.key !== SYNCED_TAG)
        .map((t) => (t.key === 'mlflow.log-model.history' ? { ...t, value: rename(t.value) } : t)),
    });
    for (const path of content.artifacts) {
      const bytes = await readFile(join(run.dir, 'artifacts', path));
      // An MLmodel names its run: the server run, once pushed.
      const body = path.endsWith('MLmodel') ? rename(bytes.toString('utf8')) : bytes;
      await this.client.uploadArtifact(target.info.artifact_uri, path, body);
    }
    const versions = await this.pushVersions(run, content, target);
    await this.client.updateRun(
      serverRunId,
      run.status as MlflowRunStatus,
      run.endTime ?? run.startTime,
    );
    await this.client.setTag(serverRunId, SYNCED_TAG, run.runId);
    return { outcome: 'pushed', serverRunId, versions };
  }

  /** Registers the run's local versions on the server (once each) and carries their aliases over. */
  private async pushVersions(
    run: LocalRun,
    content: LocalRunContent,
    target: MlflowRun,
  ): Promise<number> {
    let created = 0;
    for (const local of await this.local.versionsOf(run.runId)) {
      const marker = `/${run.runId}/artifacts`;
      const at = local.source.indexOf(marker);
      if (at < 0) {
        this.warn(
          `${local.name} v${local.version}: its source ${local.source} is not in run ${run.runId}; not pushed`,
        );
        continue;
      }
      const source = `${target.info.artifact_uri.replace(/\/+$/, '')}${local.source.slice(at + marker.length)}`;
      await this.client.ensureRegisteredModel(local.name);
      let version = await this.client.findModelVersion(local.name, source, target.info.run_id);
      if (!version) {
        version = await this.client.createModelVersion(local.name, source, target.info.run_id);
        created++;
      }
      for (const alias of local.aliases)
        await this.pushAlias(local.name, alias, version.version, content);
    }
    return created;
  }

  /**
   * @champion moves on the server only if the run beats the server's champion on the run's
   * primary metric; other aliases (and @champion for runs without one) only where the server has none.
   */
  private async pushAlias(
    name: string,
    alias: string,
    version: string,
    content: LocalRunContent,
  ): Promise<void> {
    const current = await this.client.getModelVersionByAlias(name, alias);
    if (current?.version === version) return;
    const metric = content.params.find((p) => p.key === 'primary_metric')?.value as
      | MetricName
      | undefined;
    if (alias === CHAMPION_ALIAS && metric) {
      const key = metricKey('test', metric);
      const value = latest(content, key);
      const policy = { registeredModel: name, metric, metricKey: key, value: value ?? NaN };
      const champion = await currentChampion(this.server, policy, this.warn);
      if (!beatsChampion(metric, policy.value, champion?.score)) {
        this.warn(
          `${name}: @${alias} stays on v${champion?.version.version} on the server (v${version} does not beat it)`,
        );
        return;
      }
    } else if (current) {
      this.warn(
        `${name}: @${alias} stays on v${current.version} on the server (set it by hand to move it to v${version})`,
      );
      return;
    }
    await this.client.setAlias(name, alias, version);
  }
}

const tagOf = (run: MlflowRun, key: string) => run.data.tags?.find((t) => t.key === key)?.value;

/** MLflow's latest value: the largest (step, timestamp). */
function latest(content: LocalRunContent, key: string): number | undefined {
  const points = content.metrics
    .filter((m) => m.key === key)
    .sort((a, b) => (a.step ?? 0) - (b.step ?? 0) || a.timestamp - b.timestamp);
  return points.at(-1)?.value;
}
