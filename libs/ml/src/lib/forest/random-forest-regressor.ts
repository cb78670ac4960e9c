import { assertColumns, assertSameRows, type FeatureMatrix } from '../core/feature-matrix';
import { assertJsonType } from '../core/json-type';
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

export interface RandomForestRegressorJson {
  readonly type: 'RandomForestRegressor';
  readonly options: ResolvedForestOptions;
  readonly nFeatures: number;
  readonly featureImportances: number[];
  readonly trees: FlatTreeJson[];
}

interface Fitted {
  readonly nFeatures: number;
  readonly trees: FlatTree[];
  readonly importances: Float64Array;
}

/**
 * Random forest of squared-error trees like scikit-learn's `RandomForestRegressor` (bootstrap, all
 * features per split by default), grown on worker threads.
 */
export class RandomForestRegressor {
  readonly options: ResolvedForestOptions;
  /** Explicit worker count, or undefined to decide per job. */
  nWorkers: number | undefined;
  private fitted?: Fitted;

  constructor(options: ForestOptions = {}) {
    this.options = resolveForestOptions(options, 'all');
    this.nWorkers = resolveWorkers(options.nWorkers);
  }

  async fit(
    x: FeatureMatrix,
    y: ArrayLike<number>,
    fitOptions: ForestFitOptions = {},
  ): Promise<this> {
    assertSameRows(x, y);
    const target = Float64Array.from(y);
    if (target.some((v) => !Number.isFinite(v)))
      throw new RangeError('Regression targets must be finite');
    const job = {
      data: new FeatureBinner(this.options.maxBins).fitTransform(x),
      target,
      params: toTreeParams(this.options, x.nCols, 0),
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
    this.fitted = { nFeatures: x.nCols, trees, importances };
    return this;
  }

  /** Mean of the trees' predictions. */
  predict(x: FeatureMatrix): Float64Array {
    const { trees, nFeatures } = this.model();
    assertColumns(x, nFeatures);
    const out = new Float64Array(x.nRows);
    for (const tree of trees) addTreePredictions(tree, x, out, 1 / trees.length);
    return out;
  }

  get featureImportances(): Float64Array {
    return this.model().importances.slice();
  }

  get nTrees(): number {
    return this.model().trees.length;
  }

  toJSON(): RandomForestRegressorJson {
    const { nFeatures, trees, importances } = this.model();
    return {
      type: 'RandomForestRegressor',
      options: this.options,
      nFeatures,
      featureImportances: Array.from(importances),
      trees: trees.map(flatTreeToJson),
    };
  }

  static fromJSON(json: RandomForestRegressorJson): RandomForestRegressor {
    assertJsonType(json, 'RandomForestRegressor');
    const model = new RandomForestRegressor(json.options);
    model.fitted = {
      nFeatures: json.nFeatures,
      trees: json.trees.map((t) => flatTreeFromJson(t, json.nFeatures)),
      importances: Float64Array.from(json.featureImportances),
    };
    return model;
  }

  private model(): Fitted {
    if (!this.fitted) throw new Error('RandomForestRegressor is not fitted');
    return this.fitted;
  }
}
