import {
  type FeatureMatrix,
  type Label,
  matrixToArrays,
  Preprocessor,
  takeValues,
  trainTestSplit,
} from '@gatehouse/ml';
import { Injectable } from '@nestjs/common';
import { type FeaturesManifest, type FeatureSplit } from '../artifacts/feature-set';
import { OutputStaging } from '../artifacts/output-staging';
import { FILES, OUTPUTS, PipelinePaths } from '../artifacts/pipeline-paths';
import { type CleanRow, type ProcessedDataset } from '../artifacts/processed-dataset';
import { toCompactJsonText, toJsonText } from '../common/json-files';
import { StageError } from '../common/stage.error';
import { checkFeatureColumns } from '../pipeline-config/column-check';
import { type LoadedPipelineConfig } from '../pipeline-config/load-pipeline-config';
import { ProgressReporter } from '../stage/progress-reporter';
import { type StageSummary } from '../stage/stage-options';
import { selectFeatures } from './feature-selection';

/**
 * make_features: a seeded (stratified) train/test split, then imputation, one-hot encoding and
 * scaling fitted on the training split only; writes data/features/ with the fitted preprocessing.
 */
@Injectable()
export class FeaturesService {
  constructor(
    private readonly paths: PipelinePaths,
    private readonly reporter: ProgressReporter,
  ) {}

  async run({ config, path: configPath }: LoadedPipelineConfig): Promise<StageSummary> {
    const dataset = await this.paths.readArtifact<ProcessedDataset>(FILES.dataset, 'dataset');
    const { target } = config.data;
    if (dataset.target !== target) {
      throw new StageError(
        `${FILES.dataset} was made for target "${dataset.target}", the config says "${target}": rerun the dataset stage`,
      );
    }
    checkFeatureColumns(config, dataset.columns, examplesOf(dataset), configPath);
    const { numeric, categorical } = selectFeatures(config, dataset.columns);
    const inputs = [...numeric, ...categorical];
    if (inputs.length === 0) {
      throw new StageError(
        'no feature columns: list features.numeric/categorical or exclude fewer columns',
      );
    }
    const y = dataset.rows.map((row) => row[target] as Label);
    const stratified = config.task === 'classification' && config.split.stratify;
    const split = this.split(dataset.rows.length, config.split, stratified ? y : undefined);
    const rows = dataset.rows.map(
      (row) => Object.fromEntries(inputs.map((c) => [c, row[c]])) as CleanRow,
    );
    const trainRows = takeValues(rows, split.train);
    const testRows = takeValues(rows, split.test);
    // Every statistic (medians, categories, means, scales) comes from the training rows only.
    const preprocessor = new Preprocessor({ numeric, categorical }).fit(trainRows);
    const side = (index: Uint32Array, sideRows: CleanRow[], x: FeatureMatrix): FeatureSplit => ({
      index: Array.from(index),
      rows: sideRows,
      y: takeValues(y, index),
      x: matrixToArrays(x),
    });
    const train = side(split.train, trainRows, preprocessor.transform(trainRows));
    const test = side(split.test, testRows, preprocessor.transform(testRows));
    const manifest: FeaturesManifest = {
      task: config.task,
      target,
      targetColumn: dataset.columns.find((c) => c.name === target) ?? {
        name: target,
        type: 'string',
      },
      numeric,
      categorical,
      featureNames: preprocessor.featureNames,
      inputColumns: dataset.columns.filter((c) => inputs.includes(c.name)),
      missingValues: dataset.missingValues,
      split: { testSize: config.split.testSize, seed: config.split.seed, stratified },
      nTrain: train.index.length,
      nTest: test.index.length,
      ...(config.task === 'classification' && {
        classCounts: { train: countLabels(train.y), test: countLabels(test.y) },
      }),
      dataSha256: dataset.sourceSha256,
    };
    await OutputStaging.run(this.paths, 'features', [OUTPUTS.features], async (staging) => {
      await staging.writeFile(FILES.featuresManifest, toJsonText(manifest));
      await staging.writeFile(FILES.preprocessor, toJsonText(preprocessor));
      await staging.writeFile(FILES.trainSplit, toCompactJsonText(train));
      await staging.writeFile(FILES.testSplit, toCompactJsonText(test));
    });
    this.reporter.info(
      `split ${manifest.nTrain} train / ${manifest.nTest} test (${stratified ? `stratified by ${target}, ` : ''}seed ${config.split.seed}); ${numeric.length} numeric + ${categorical.length} categorical columns → ${manifest.featureNames.length} features`,
    );
    return {
      nTrain: manifest.nTrain,
      nTest: manifest.nTest,
      numeric,
      categorical,
      features: manifest.featureNames.length,
      outputs: [FILES.featuresManifest, FILES.preprocessor, FILES.trainSplit, FILES.testSplit],
    };
  }

  private split(n: number, options: { testSize: number; seed: number }, stratify?: Label[]) {
    try {
      return trainTestSplit(n, { testSize: options.testSize, seed: options.seed, stratify });
    } catch (error) {
      if (error instanceof RangeError) throw new StageError(`split: ${error.message}`);
      throw error;
    }
  }
}

function examplesOf(dataset: ProcessedDataset): Record<string, unknown> {
  return Object.fromEntries(
    dataset.columns.map((c) => [c.name, dataset.rows.find((r) => r[c.name] !== null)?.[c.name]]),
  );
}

function countLabels(labels: readonly Label[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const label of labels) counts[String(label)] = (counts[String(label)] ?? 0) + 1;
  return counts;
}
