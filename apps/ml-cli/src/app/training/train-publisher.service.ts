import { type PreprocessorJson } from '@gatehouse/ml';
import { Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { OutputStaging } from '../artifacts/output-staging';
import { FILES, OUTPUTS, PipelinePaths } from '../artifacts/pipeline-paths';
import { toJsonText } from '../common/json-files';
import { type RunBatch } from '../mlflow/log-batch-chunks';
import { type CrossValidation } from '../modelling/cross-validation';
import { type LoadedPipelineConfig } from '../pipeline-config/load-pipeline-config';
import { type PipelineConfig } from '../pipeline-config/pipeline-config';
import { ProgressReporter } from '../stage/progress-reporter';
import { type TrackedRun } from '../tracking/mlflow-tracker';
import { type RunContent } from '../tracking/run-publication';
import { type ActiveRun, type Registration, RunRecorder } from '../tracking/run-recorder.service';
import { loggedModel, type ModelSignature } from './logged-model';
import { metricKey } from './run-batch';

/** Train's outputs: the model and its evaluation (reports/evaluation belongs to evaluate). */
export const TRAIN_OUTPUTS = [OUTPUTS.models, FILES.metrics, FILES.report, FILES.plots] as const;

/** What training made, ready to be written and recorded. */
export interface TrainedOutputs {
  readonly modelJson: string;
  /** The model's input and output columns, for MLflow's UI. */
  readonly signature: ModelSignature;
  readonly preprocessor: PreprocessorJson;
  /** Report files by path relative to reports/, for the run (and store) they end up in. */
  readonly reports: (run: TrackedRun, target: string) => Map<string, string>;
  readonly batch: RunBatch;
  /** The test score on the primary metric, which decides the champion. */
  readonly primary: number;
  readonly started: Date;
}

/** Writes train's outputs and records the MLflow run, all or nothing. */
@Injectable()
export class TrainPublisher {
  constructor(
    private readonly paths: PipelinePaths,
    private readonly reporter: ProgressReporter,
    private readonly recorder: RunRecorder,
  ) {}

  /**
   * Stages models/ and reports/, publishes the run (log, register, move @champion, finish; see
   * RunRecorder) and only then moves the outputs into place: a failure anywhere leaves the
   * previous outputs as they were. The run may end up in ./mlruns (--offline-fallback).
   */
  async publish(
    loaded: LoadedPipelineConfig,
    active: ActiveRun,
    made: TrainedOutputs,
  ): Promise<{ active: ActiveRun; registration: Registration }> {
    const { config } = loaded;
    const shared = new Map<string, string | Uint8Array>([
      ['model/model.json', made.modelJson],
      ['preprocessing/preprocessor.json', toJsonText(made.preprocessor)],
      [`config/${basename(loaded.path)}`, await readFile(this.paths.resolve(loaded.path))],
    ]);
    if (existsSync(this.paths.resolve(FILES.profile))) {
      shared.set('data/profile.json', await readFile(this.paths.resolve(FILES.profile)));
    }
    const content = (run: TrackedRun, target: string): RunContent => {
      const logged = loggedModel({
        runId: run.runId,
        createdAt: made.started,
        modelJson: made.modelJson,
        signature: made.signature,
      });
      return {
        batch: { ...made.batch, tags: [...(made.batch.tags ?? []), logged.historyTag] },
        artifacts: new Map([
          ...shared,
          ['model/MLmodel', logged.mlmodel],
          ...[...made.reports(run, target)].map(([path, text]): [string, string] => [
            `reports/${path}`,
            text,
          ]),
        ]),
      };
    };
    return OutputStaging.run(this.paths, 'train', TRAIN_OUTPUTS, async (staging) => {
      await staging.writeFile(FILES.model, made.modelJson);
      const recorded = await this.recorder.record(active, content, {
        registeredModel: config.registeredModel,
        metric: config.metric,
        metricKey: metricKey('test', config.metric),
        value: made.primary,
      });
      const { run, tracker } = recorded.active;
      for (const [path, text] of made.reports(run, tracker.target)) {
        await staging.writeFile(`${OUTPUTS.reports}/${path}`, text);
      }
      const record = runRecord(recorded.active, config, recorded.registration);
      await staging.writeFile(FILES.run, toJsonText(record));
      return recorded;
    });
  }

  /** The scores and what happened to the registry, as two log lines. */
  report(
    config: PipelineConfig,
    active: ActiveRun,
    registration: Registration,
    { primary, cv, fitSeconds }: { primary: number; cv?: CrossValidation; fitSeconds: number },
  ): void {
    const cvScore = cv?.metrics[config.metric];
    const cvText = cvScore ? `, CV ${cvScore.mean.toFixed(4)} ± ${cvScore.std.toFixed(4)}` : '';
    this.reporter.info(
      `${config.metric}: test ${primary.toFixed(4)}${cvText}; fit ${fitSeconds.toFixed(2)} s`,
    );
    const { version, champion, previousChampion } = registration;
    const was = previousChampion ? ` (was v${previousChampion.version})` : '';
    const alias = champion
      ? `now @champion${was}`
      : `@champion stays on v${previousChampion?.version} (${previousChampion?.score?.toFixed(4)})`;
    const offline = active.offline ? ' [offline: ./mlruns]' : '';
    this.reporter.info(
      `registered ${config.registeredModel} v${version.version}; ${alias}${offline}`,
    );
  }
}

/** models/run.json: where the run and the registered version live. */
function runRecord(active: ActiveRun, config: PipelineConfig, registration: Registration) {
  const { run } = active;
  return {
    tracking: active.tracker.target,
    offline: active.offline,
    experiment: { id: run.experimentId, name: run.experimentName },
    run: { id: run.runId, name: run.runName, artifactUri: run.artifactUri },
    registeredModel: config.registeredModel,
    version: registration.version.version,
    champion: registration.champion,
    previousChampion: registration.previousChampion ?? null,
  };
}
