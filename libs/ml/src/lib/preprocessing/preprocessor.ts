import { createMatrix, type FeatureMatrix } from '../core/feature-matrix';
import { assertJsonType } from '../core/json-type';
import { type Cell, type Row } from '../core/types';
import { numericMatrix } from './cells';
import { OneHotEncoder, type OneHotEncoderJson } from './one-hot-encoder';
import { SimpleImputer, type SimpleImputerJson } from './simple-imputer';
import { StandardScaler, type StandardScalerJson } from './standard-scaler';

export interface PreprocessorOptions {
  readonly numeric: readonly string[];
  readonly categorical: readonly string[];
  /** Extra cell values to treat as missing in every column, e.g. '.' or 'NA'. */
  readonly missingValues?: readonly Cell[];
}

export interface PreprocessorJson {
  readonly type: 'Preprocessor';
  readonly options: PreprocessorOptions;
  readonly numericImputer: SimpleImputerJson;
  readonly scaler: StandardScalerJson;
  readonly categoricalImputer: SimpleImputerJson;
  readonly encoder: OneHotEncoderJson;
}

interface Steps {
  readonly numericImputer: SimpleImputer;
  readonly scaler: StandardScaler;
  readonly categoricalImputer: SimpleImputer;
  readonly encoder: OneHotEncoder;
}

/**
 * Raw rows → model matrix, like a scikit-learn `ColumnTransformer`: numeric columns are
 * median-imputed then standard-scaled, categorical ones most-frequent-imputed then one-hot encoded.
 * Every statistic comes from the rows given to `fit`, so fit it on the training split only.
 */
export class Preprocessor {
  private steps?: Steps;

  constructor(readonly options: PreprocessorOptions) {
    const overlap = options.numeric.filter((c) => options.categorical.includes(c));
    if (overlap.length > 0)
      throw new RangeError(`Columns both numeric and categorical: ${overlap.join(', ')}`);
  }

  fit(rows: readonly Row[]): this {
    const { numeric, categorical, missingValues } = this.options;
    const numericImputer = new SimpleImputer({
      columns: numeric,
      strategy: 'median',
      missingValues,
    });
    const categoricalImputer = new SimpleImputer({
      columns: categorical,
      strategy: 'most_frequent',
      missingValues,
    });
    const scaler = new StandardScaler().fit(
      numericMatrix(numericImputer.fitTransform(rows), numeric, missingValues),
    );
    const encoder = new OneHotEncoder({ columns: categorical, missingValues }).fit(
      categoricalImputer.fitTransform(rows),
    );
    this.steps = { numericImputer, scaler, categoricalImputer, encoder };
    return this;
  }

  /** Numeric columns first, then the one-hot blocks; see {@link featureNames}. */
  transform(rows: readonly Row[]): FeatureMatrix {
    const { numericImputer, scaler, categoricalImputer, encoder } = this.fitted();
    const { numeric, missingValues } = this.options;
    const scaled = scaler.transform(
      numericMatrix(numericImputer.transform(rows), numeric, missingValues),
    );
    const encoded = encoder.transform(categoricalImputer.transform(rows));
    const out = createMatrix(rows.length, scaled.nCols + encoded.nCols);
    for (let i = 0; i < rows.length; i++) {
      out.data.set(scaled.data.subarray(i * scaled.nCols, (i + 1) * scaled.nCols), i * out.nCols);
      out.data.set(
        encoded.data.subarray(i * encoded.nCols, (i + 1) * encoded.nCols),
        i * out.nCols + scaled.nCols,
      );
    }
    return out;
  }

  fitTransform(rows: readonly Row[]): FeatureMatrix {
    return this.fit(rows).transform(rows);
  }

  get featureNames(): string[] {
    return [...this.options.numeric, ...this.fitted().encoder.featureNames];
  }

  /** The fitted steps, e.g. to inspect medians, means or categories. */
  fitted(): Steps {
    if (!this.steps) throw new Error('Preprocessor is not fitted');
    return this.steps;
  }

  toJSON(): PreprocessorJson {
    const { numericImputer, scaler, categoricalImputer, encoder } = this.fitted();
    return {
      type: 'Preprocessor',
      options: this.options,
      numericImputer: numericImputer.toJSON(),
      scaler: scaler.toJSON(),
      categoricalImputer: categoricalImputer.toJSON(),
      encoder: encoder.toJSON(),
    };
  }

  static fromJSON(json: PreprocessorJson): Preprocessor {
    assertJsonType(json, 'Preprocessor');
    const preprocessor = new Preprocessor(json.options);
    preprocessor.steps = {
      numericImputer: SimpleImputer.fromJSON(json.numericImputer),
      scaler: StandardScaler.fromJSON(json.scaler),
      categoricalImputer: SimpleImputer.fromJSON(json.categoricalImputer),
      encoder: OneHotEncoder.fromJSON(json.encoder),
    };
    return preprocessor;
  }
}
