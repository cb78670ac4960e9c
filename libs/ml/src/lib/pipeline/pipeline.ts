import { type FeatureMatrix } from '../core/feature-matrix';
import { assertJsonType } from '../core/json-type';
import { type Label, type Row } from '../core/types';
import { type Model, modelFromJSON, type ModelJson } from '../persistence/model-from-json';
import { Preprocessor, type PreprocessorJson } from '../preprocessing/preprocessor';

export interface PipelineJson {
  readonly type: 'Pipeline';
  readonly preprocessor: PreprocessorJson;
  readonly model: ModelJson;
}

/**
 * A fitted {@link Preprocessor} and a fitted model kept, saved and restored as one object, like a
 * scikit-learn `Pipeline`: raw rows go in, predictions come out, so a saved model never loses the
 * preprocessing it was trained with.
 */
export class Pipeline {
  constructor(
    readonly preprocessor: Preprocessor,
    readonly model: Model,
  ) {
    // Fails early when either part is not fitted.
    preprocessor.fitted();
    JSON.stringify(model);
  }

  get isClassifier(): boolean {
    return 'classes' in this.model;
  }

  /** Class labels in `predictProba` column order; empty for a regressor. */
  get classes(): Label[] {
    return 'classes' in this.model ? this.model.classes : [];
  }

  get featureNames(): string[] {
    return this.preprocessor.featureNames;
  }

  transform(rows: readonly Row[]): FeatureMatrix {
    return this.preprocessor.transform(rows);
  }

  /** Class labels for a classifier, numbers for a regressor. */
  predict(rows: readonly Row[]): Label[] | Float64Array {
    return this.model.predict(this.transform(rows));
  }

  /** Class probabilities (columns in {@link classes} order), or undefined for a regressor. */
  predictProba(rows: readonly Row[]): FeatureMatrix | undefined {
    return 'predictProba' in this.model ? this.model.predictProba(this.transform(rows)) : undefined;
  }

  toJSON(): PipelineJson {
    return {
      type: 'Pipeline',
      preprocessor: this.preprocessor.toJSON(),
      model: this.model.toJSON(),
    };
  }

  static fromJSON(json: PipelineJson): Pipeline {
    assertJsonType(json, 'Pipeline');
    // Saved files come from outside the type system: an unknown model type restores to nothing.
    const model = modelFromJSON(json.model) as Model | undefined;
    if (!model) throw new TypeError(`Unknown model type '${String(json.model?.type)}'`);
    return new Pipeline(Preprocessor.fromJSON(json.preprocessor), model);
  }
}
