import { type PreprocessorJson } from '@gatehouse/ml';
import { Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { FILES, OUTPUTS, PipelinePaths } from '../artifacts/pipeline-paths';
import { toJsonText } from '../common/json-files';
import { OutputStaging } from '../common/output-staging';
import { type RunBatch } from '../mlflow/log-batch-chunks';
import { type LoadedPipelineConfig } from '../pipeline-config/load-pipeline-config';
import { type PipelineConfig } from '../pipeline-config/pipeline-config';
import { ProgressReporter } from '../stage/progress-reporter';
import { type ActiveRun, type Registration, RunRecorder } from '../tracking/run-recorder.service';
import { type CrossValidation } from './cross-validation';
import { mlmodelFile } from './mlmodel-file';
import { metricKey } from './run-batch';

/** Train's outputs: the model and its evaluation (reports/evaluation belongs to evaluate). */
export const TRAIN_OUTPUTS = [OUTPUTS.models, FILES.metrics, FILES.report, FILES.plots] as const;

/** What training made, ready to be written and recorded. */
export interface TrainedOutputs {
  readonly modelJson: string;
  readonly preprocessor: PreprocessorJson;
  /** Report files by path relative to reports/. */
  readonly reports: Map<string, string>;
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
   * Stages models/ and reports/, logs the run with its artifacts, registers the model, and only
   * then moves the outputs into place: a failure anywhere leaves the previous outputs as they were.
   */
  async publish(
    loaded: LoadedPipelineConfig,
    active: ActiveRun,
    made: TrainedOutputs,
  ): Promise<Registration> {
    const { config } = loaded;
    const artifacts = new Map<string, string | Uint8Array>([
      ['model/model.json', made.modelJson],
      ['model/MLmodel', mlmodelFile(active.run.runId, made.started)],
      ['preprocessing/preprocessor.json', toJsonText(made.preprocessor)],
      ...[...made.reports].map(([path, content]): [string, string] => [`reports/${path}`, content]),
      [`config/${basename(loaded.path)}`, await readFile(this.paths.resolve(loaded.path))],
    ]);
    if (existsSync(this.paths.resolve(FILES.profile))) {
      artifacts.set('data/profile.json', await readFile(this.paths.resolve(FILES.profile)));
    }
    return OutputStaging.run(this.paths, 'train', TRAIN_OUTPUTS, async (staging) => {
      await staging.writeFile(FILES.model, made.modelJson);
      for (const [path, content] of made.reports) {
        await staging.writeFile(`${OUTPUTS.reports}/${path}`, content);
      }
      await this.recorder.log(active, made.batch, artifacts);
      await this.recorder.finish(active);
      const registration = await this.recorder.register(active, config.registeredModel, {
        metric: config.metric,
        metricKey: metricKey('test', config.metric),
        value: made.primary,
      });
      await staging.writeFile(FILES.run, toJsonText(runRecord(active, config, registration)));
      return registration;
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
