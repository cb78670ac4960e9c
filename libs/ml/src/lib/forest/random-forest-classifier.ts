import { argmaxLabels } from '../core/argmax-labels';
import {
  assertColumns,
  assertSameRows,
  createMatrix,
  type FeatureMatrix,
} from '../core/feature-matrix';
import { assertJsonType } from '../core/json-type';
import { encodeLabels } from '../core/labels';
import { type Label } from '../core/types';
import { FeatureBinner } from '../tree/feature-binner';
import {
  addTreePredictions,
  flatTreeFromJson,
  flatTreeToJson,
  type FlatTreeJson,
} from '../tree/flat-tree';
import { toTreeParams } from '../tree/tree-options';
import { type FlatTree } from '../tree/tree-types';
import {
  forestImportances,
  resolveForestOptions,
  resolveWorkers,
  workersFor,
  type ForestFitOptions,
  type ForestOptions,
  type ResolvedForestOptions,
} from './forest-options';
import { trainForest } from './train-forest';

export interface RandomForestClassifierJson {
  readonly type: 'RandomForestClassifier';
  readonly options: ResolvedForestOptions;
  readonly classes: Label[];
  readonly nFeatures: number;
  readonly featureImportances: number[];
  readonly trees: FlatTreeJson[];
}

interface Fitted {
  readonly classes: Label[];
  readonly nFeatures: number;
  readonly trees: FlatTree[];
  readonly importances: Float64Array;
}

/**
 * Random forest of Gini trees like scikit-learn's `RandomForestClassifier` (bootstrap, √p features
 * per split by default, probabilities averaged over trees), grown on worker threads.
 */
export class RandomForestClassifier {
  readonly options: ResolvedForestOptions;
  /** Explicit worker count, or undefined to decide per job. */
  nWorkers: number | undefined;
  private fitted?: Fitted;

  constructor(options: ForestOptions = {}) {
    this.options = resolveForestOptions(options, 'sqrt');
    this.nWorkers = resolveWorkers(options.nWorkers);
  }

  async fit(
    x: FeatureMatrix,
    y: ArrayLike<Label>,
    fitOptions: ForestFitOptions = {},
  ): Promise<this> {
    assertSameRows(x, y);
    const { classes, codes } = encodeLabels(y);
    const job = {
      data: new FeatureBinner(this.options.maxBins).fitTransform(x),
      target: Float64Array.from(codes),
      params: toTreeParams(this.options, x.nCols, classes.length),
      seed: this.options.seed,
      bootstrap: this.options.bootstrap,
    };
    const { nEstimators } = this.options;
    const workers = workersFor(this.nWorkers, x.nRows, nEstimators, job.params.maxFeatures);
    const trees = await trainForest(job, nEstimators, workers, fitOptions.onTree);
    const importances = forestImportances(
      trees.map((t) => t.importances),
      x.nCols,
    );
    this.fitted = { classes, nFeatures: x.nCols, trees, importances };
    return this;
  }

  /** Mean of the trees' leaf class frequencies; columns in {@link classes} order. */
  predictProba(x: FeatureMatrix): FeatureMatrix {
    const { trees, classes, nFeatures } = this.model();
    assertColumns(x, nFeatures);
    const out = createMatrix(x.nRows, classes.length);
    for (const tree of trees) addTreePredictions(tree, x, out.data, 1 / trees.length);
    return out;
  }

  predict(x: FeatureMatrix): Label[] {
    return argmaxLabels(this.predictProba(x), this.model().classes);
  }

  get classes(): Label[] {
    return [...this.model().classes];
  }

  get featureImportances(): Float64Array {
    return this.model().importances.slice();
  }

  get nTrees(): number {
    return this.model().trees.length;
  }

  toJSON(): RandomForestClassifierJson {
    const { classes, nFeatures, trees, importances } = this.model();
    return {
      type: 'RandomForestClassifier',
      options: this.options,
      classes,
      nFeatures,
      featureImportances: Array.from(importances),
      trees: trees.map(flatTreeToJson),
    };
  }

  static fromJSON(json: RandomForestClassifierJson): RandomForestClassifier {
    assertJsonType(json, 'RandomForestClassifier');
    const model = new RandomForestClassifier(json.options);
    model.fitted = {
      classes: json.classes,
      nFeatures: json.nFeatures,
      trees: json.trees.map((t) => flatTreeFromJson(t, json.nFeatures)),
      importances: Float64Array.from(json.featureImportances),
    };
    return model;
  }

  private model(): Fitted {
    if (!this.fitted) throw new Error('RandomForestClassifier is not fitted');
    return this.fitted;
  }
}
