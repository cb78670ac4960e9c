import { Pipeline, Preprocessor, type PreprocessorJson, matrixFromArrays } from '@gatehouse/ml';
import { Injectable } from '@nestjs/common';
import { type FeatureSplit, type FeaturesManifest } from '../artifacts/feature-set';
import { ModelBundle } from '../artifacts/model-bundle';
import { FILES, PipelinePaths } from '../artifacts/pipeline-paths';
import { gitCommit } from '../common/git-commit';
import { toJsonText } from '../common/json-files';
import { StageError } from '../common/stage.error';
import { type CrossValidation, crossValidateModel } from '../modelling/cross-validation';
import { createEstimator, effectiveParams, fitEstimator } from '../modelling/estimators';
import { evaluatePredictions, metricOf } from '../modelling/evaluation';
import { featureImportance } from '../modelling/feature-importance';
import { type LoadedPipelineConfig } from '../pipeline-config/load-pipeline-config';
import { type PipelineConfig } from '../pipeline-config/pipeline-config';
import { renderReportFiles } from '../report/report-files';
import { ProgressReporter } from '../stage/progress-reporter';
import { type StageSummary } from '../stage/stage-options';
import { type TrackedRun } from '../tracking/mlflow-tracker';
import { RunRecorder } from '../tracking/run-recorder.service';
import { modelSignature } from './logged-model';
import { buildRunBatch, runIdentity } from './run-batch';
import { TRAIN_OUTPUTS, TrainPublisher } from './train-publisher.service';

interface FeatureInputs {
  readonly manifest: FeaturesManifest;
  readonly preprocessor: PreprocessorJson;
  readonly train: FeatureSplit;
  readonly test: FeatureSplit;
}

/**
 * train: cross-validates and fits the configured model, evaluates it from the raw held-out rows,
 * saves it with its preprocessing under models/, writes reports/, and records it all as one
 * MLflow run, registering a new version and moving `champion` only when it is better.
 */
@Injectable()
export class TrainService {
  constructor(
    private readonly paths: PipelinePaths,
    private readonly reporter: ProgressReporter,
    private readonly recorder: RunRecorder,
    private readonly publisher: TrainPublisher,
  ) {}

  async run(
    loaded: LoadedPipelineConfig,
    options: { offlineFallback?: boolean } = {},
  ): Promise<StageSummary> {
    const { config } = loaded;
    const inputs = await this.readInputs(config);
    const { manifest, train, test } = inputs;
    const estimator = createEstimator(config.task, config.model);
    const started = new Date();
    const git = gitCommit(this.paths.root);
    const identity = runIdentity({
      config,
      loaded,
      dataSha256: manifest.dataSha256,
      git,
      started,
      root: this.paths.root,
    });
    const active = await this.recorder.start(
      config.experiment,
      identity,
      Boolean(options.offlineFallback),
    );
    try {
      const cvStarted = performance.now();
      const cv = await this.crossValidate(config, inputs);
      const cvSeconds = (performance.now() - cvStarted) / 1000;
      const fitStarted = performance.now();
      const x = matrixFromArrays(train.x.map((row) => [...row]));
      await fitEstimator(estimator, x, train.y, (done, total) =>
        this.reporter.progress('trees', done, total),
      );
      const fitSeconds = (performance.now() - fitStarted) / 1000;
      const pipeline = new Pipeline(Preprocessor.fromJSON(inputs.preprocessor), estimator);
      // Scored from the raw held-out rows through the saved preprocessing, as predict will be.
      const predicted = pipeline.predict(test.rows);
      const evaluation = evaluatePredictions(config.task, test.y, predicted, pipeline.classes);
      const params = effectiveParams(estimator);
      const bundle = ModelBundle.create(
        {
          task: config.task,
          target: manifest.target,
          targetColumn: manifest.targetColumn,
          input: { columns: manifest.inputColumns, missingValues: manifest.missingValues },
          model: { type: config.model.type, params },
          primaryMetric: config.metric,
          metrics: evaluation.metrics,
          provenance: {
            trainedAt: started.toISOString(),
            ...(git && { gitCommit: git.commit }),
            dataSha256: manifest.dataSha256,
            configSha256: loaded.sha256,
          },
        },
        pipeline,
      );
      const reports = (run: TrackedRun, target: string) =>
        renderReportFiles({
          evaluation,
          cv,
          importance: featureImportance(estimator, manifest.featureNames),
          context: {
            title: `${config.experiment}: ${config.model.type} → ${manifest.target}`,
            task: config.task,
            target: manifest.target,
            model: { type: config.model.type, params },
            primaryMetric: config.metric,
            rows: { train: manifest.nTrain, test: manifest.nTest },
            provenance: {
              'MLflow run': `${run.runName} (${run.runId}) in ${target}`,
              'git commit': git && `${git.commit}${git.dirty ? ' (with local changes)' : ''}`,
              'data sha256': manifest.dataSha256,
              'config sha256': loaded.sha256,
              'trained at': started.toISOString(),
            },
          },
        });
      const batch = buildRunBatch({
        config,
        manifest,
        modelParams: params,
        evaluation,
        cv,
        timings: { fit: fitSeconds, cv: cvSeconds },
      });
      const primary = metricOf(evaluation, config.metric);
      const { active: recorded, registration } = await this.publisher.publish(loaded, active, {
        modelJson: toJsonText(bundle),
        signature: modelSignature(manifest),
        preprocessor: inputs.preprocessor,
        reports,
        batch,
        primary,
        started,
      });
      this.publisher.report(config, recorded, registration, { primary, cv, fitSeconds });
      return {
        metrics: evaluation.metrics,
        cv: cv
          ? Object.fromEntries(
              Object.entries(cv.metrics).map(([k, s]) => [k, { mean: s.mean, std: s.std }]),
            )
          : null,
        run: {
          id: recorded.run.runId,
          experiment: recorded.run.experimentName,
          tracking: recorded.tracker.target,
          offline: recorded.offline,
        },
        registeredModel: config.registeredModel,
        version: registration.version.version,
        champion: registration.champion,
        outputs: [...TRAIN_OUTPUTS],
      };
    } catch (error) {
      await this.recorder.fail(active);
      throw error;
    }
  }

  private crossValidate(
    config: PipelineConfig,
    { manifest, train }: FeatureInputs,
  ): Promise<CrossValidation | undefined> {
    if (config.cv.folds < 2) return Promise.resolve(undefined);
    return crossValidateModel({
      task: config.task,
      model: config.model,
      rows: train.rows,
      y: train.y,
      numeric: manifest.numeric,
      categorical: manifest.categorical,
      folds: config.cv.folds,
      seed: config.cv.seed,
      stratify: config.split.stratify,
      onFold: (k, n, scores) =>
        this.reporter.progress(
          'fold',
          k,
          n,
          `${config.metric} ${scores[config.metric]?.toFixed(4)}`,
        ),
    });
  }

  private async readInputs(config: PipelineConfig): Promise<FeatureInputs> {
    const [manifest, preprocessor, train, test] = await Promise.all([
      this.paths.readArtifact<FeaturesManifest>(FILES.featuresManifest, 'features'),
      this.paths.readArtifact<PreprocessorJson>(FILES.preprocessor, 'features'),
      this.paths.readArtifact<FeatureSplit>(FILES.trainSplit, 'features'),
      this.paths.readArtifact<FeatureSplit>(FILES.testSplit, 'features'),
    ]);
    if (manifest.task !== config.task || manifest.target !== config.data.target) {
      throw new StageError(
        `data/features was made for ${manifest.task} of "${manifest.target}", the config says ${config.task} of "${config.data.target}": rerun the features stage`,
      );
    }
    return { manifest, preprocessor, train, test };
  }
}
