import { assertColumns, assertSameRows, type FeatureMatrix } from '../core/feature-matrix';
import { assertJsonType } from '../core/json-type';
import { fitFlatTree } from './fit-flat-tree';
import {
  addTreePredictions,
  flatTreeFromJson,
  flatTreeToJson,
  normalise,
  treeDepth,
  type FlatTreeJson,
} from './flat-tree';
import { resolveTreeOptions, type ResolvedTreeOptions, type TreeOptions } from './tree-options';
import { type FlatTree } from './tree-types';

export interface DecisionTreeRegressorJson {
  readonly type: 'DecisionTreeRegressor';
  readonly options: ResolvedTreeOptions;
  readonly nFeatures: number;
  readonly featureImportances: number[];
  readonly tree: FlatTreeJson;
}

interface Fitted {
  readonly nFeatures: number;
  readonly tree: FlatTree;
  readonly importances: Float64Array;
}

/** CART regressor (squared error), like scikit-learn's `DecisionTreeRegressor`. */
export class DecisionTreeRegressor {
  readonly options: ResolvedTreeOptions;
  private fitted?: Fitted;

  constructor(options: TreeOptions = {}) {
    this.options = resolveTreeOptions(options, 'all');
  }

  fit(x: FeatureMatrix, y: ArrayLike<number>, sampleWeight?: ArrayLike<number>): this {
    assertSameRows(x, y);
    const target = Float64Array.from(y);
    if (target.some((v) => !Number.isFinite(v)))
      throw new RangeError('Regression targets must be finite');
    const tree = fitFlatTree(x, target, 0, this.options, sampleWeight);
    this.fitted = { nFeatures: x.nCols, tree, importances: normalise(tree.importances) };
    return this;
  }

  predict(x: FeatureMatrix): Float64Array {
    const { tree, nFeatures } = this.model();
    assertColumns(x, nFeatures);
    const out = new Float64Array(x.nRows);
    addTreePredictions(tree, x, out);
    return out;
  }

  /** Impurity decrease per feature, normalised to sum to 1. */
  get featureImportances(): Float64Array {
    return this.model().importances.slice();
  }

  get nodeCount(): number {
    return this.model().tree.feature.length;
  }

  get depth(): number {
    return treeDepth(this.model().tree);
  }

  toJSON(): DecisionTreeRegressorJson {
    const { nFeatures, tree, importances } = this.model();
    return {
      type: 'DecisionTreeRegressor',
      options: this.options,
      nFeatures,
      featureImportances: Array.from(importances),
      tree: flatTreeToJson(tree),
    };
  }

  static fromJSON(json: DecisionTreeRegressorJson): DecisionTreeRegressor {
    assertJsonType(json, 'DecisionTreeRegressor');
    const model = new DecisionTreeRegressor(json.options);
    model.fitted = {
      nFeatures: json.nFeatures,
      tree: flatTreeFromJson(json.tree, json.nFeatures),
      importances: Float64Array.from(json.featureImportances),
    };
    return model;
  }

  private model(): Fitted {
    if (!this.fitted) throw new Error('DecisionTreeRegressor is not fitted');
    return this.fitted;
  }
}
