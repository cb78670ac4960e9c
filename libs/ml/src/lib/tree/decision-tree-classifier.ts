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

export interface DecisionTreeClassifierJson {
  readonly type: 'DecisionTreeClassifier';
  readonly options: ResolvedTreeOptions;
  readonly classes: Label[];
  readonly nFeatures: number;
  readonly featureImportances: number[];
  readonly tree: FlatTreeJson;
}

interface Fitted {
  readonly classes: Label[];
  readonly nFeatures: number;
  readonly tree: FlatTree;
  readonly importances: Float64Array;
}

/** CART classifier (Gini), like scikit-learn's `DecisionTreeClassifier`; all features per split by default. */
export class DecisionTreeClassifier {
  readonly options: ResolvedTreeOptions;
  private fitted?: Fitted;

  constructor(options: TreeOptions = {}) {
    this.options = resolveTreeOptions(options, 'all');
  }

  fit(x: FeatureMatrix, y: ArrayLike<Label>, sampleWeight?: ArrayLike<number>): this {
    assertSameRows(x, y);
    const { classes, codes } = encodeLabels(y);
    const tree = fitFlatTree(
      x,
      Float64Array.from(codes),
      classes.length,
      this.options,
      sampleWeight,
    );
    this.fitted = { classes, nFeatures: x.nCols, tree, importances: normalise(tree.importances) };
    return this;
  }

  /** nRows × nClasses, columns in {@link classes} order. */
  predictProba(x: FeatureMatrix): FeatureMatrix {
    const { tree, classes, nFeatures } = this.model();
    assertColumns(x, nFeatures);
    const out = createMatrix(x.nRows, classes.length);
    addTreePredictions(tree, x, out.data);
    return out;
  }

  predict(x: FeatureMatrix): Label[] {
    return argmaxLabels(this.predictProba(x), this.model().classes);
  }

  get classes(): Label[] {
    return [...this.model().classes];
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

  toJSON(): DecisionTreeClassifierJson {
    const { classes, nFeatures, tree, importances } = this.model();
    return {
      type: 'DecisionTreeClassifier',
      options: this.options,
      classes,
      nFeatures,
      featureImportances: Array.from(importances),
      tree: flatTreeToJson(tree),
    };
  }

  static fromJSON(json: DecisionTreeClassifierJson): DecisionTreeClassifier {
    assertJsonType(json, 'DecisionTreeClassifier');
    const model = new DecisionTreeClassifier(json.options);
    model.fitted = {
      classes: json.classes,
      nFeatures: json.nFeatures,
      tree: flatTreeFromJson(json.tree, json.nFeatures),
      importances: Float64Array.from(json.featureImportances),
    };
    return model;
  }

  private model(): Fitted {
    if (!this.fitted) throw new Error('DecisionTreeClassifier is not fitted');
    return this.fitted;
  }
}
