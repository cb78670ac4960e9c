import { createMatrix, type FeatureMatrix } from '../core/feature-matrix';
import { assertJsonType } from '../core/json-type';
import { type Cell, type Row } from '../core/types';
import { assertFitted, toCategory } from './cells';

export interface OneHotEncoderOptions {
  readonly columns: readonly string[];
  /** Extra cell values to treat as missing, besides null, undefined, NaN and ''. */
  readonly missingValues?: readonly Cell[];
}

export interface OneHotEncoderJson {
  readonly type: 'OneHotEncoder';
  readonly options: OneHotEncoderOptions;
  readonly categories: Record<string, string[]>;
}

/**
 * One 0/1 column per category seen in training (sorted). Unknown or missing categories at
 * transform time encode as all zeros, like scikit-learn's `handle_unknown='ignore'`.
 */
export class OneHotEncoder {
  private fitted?: Record<string, string[]>;

  constructor(readonly options: OneHotEncoderOptions) {}

  fit(rows: readonly Row[]): this {
    const { columns, missingValues } = this.options;
    const categories: Record<string, string[]> = {};
    for (const column of columns) {
      const seen = new Set<string>();
      for (const row of rows) {
        const category = toCategory(row[column], missingValues);
        if (category !== undefined) seen.add(category);
      }
      categories[column] = [...seen].sort();
    }
    this.fitted = categories;
    return this;
  }

  transform(rows: readonly Row[]): FeatureMatrix {
    const { columns, missingValues } = this.options;
    let width = 0;
    const blocks = columns.map((column) => {
      const categories = this.categoriesOf(column);
      const block = {
        column,
        offset: width,
        index: new Map(categories.map((category, k) => [category, k])),
      };
      width += categories.length;
      return block;
    });
    const out = createMatrix(rows.length, width);
    rows.forEach((row, i) => {
      for (const { column, offset, index } of blocks) {
        const category = toCategory(row[column], missingValues);
        const k = category === undefined ? undefined : index.get(category);
        if (k !== undefined) out.data[i * width + offset + k] = 1;
      }
    });
    return out;
  }

  fitTransform(rows: readonly Row[]): FeatureMatrix {
    return this.fit(rows).transform(rows);
  }

  get categories(): Readonly<Record<string, readonly string[]>> {
    return assertFitted(this.fitted, 'OneHotEncoder');
  }

  /** `<column>_<category>`, like scikit-learn's `get_feature_names_out`. */
  get featureNames(): string[] {
    return this.options.columns.flatMap((column) =>
      this.categoriesOf(column).map((category) => `${column}_${category}`),
    );
  }

  /** A model read from JSON may lack a configured column: say so rather than fail on `undefined`. */
  private categoriesOf(column: string): readonly string[] {
    const categories = this.categories[column];
    if (!categories) throw new Error(`OneHotEncoder has no categories for column '${column}'`);
    return categories;
  }

  toJSON(): OneHotEncoderJson {
    const categories = Object.fromEntries(
      Object.entries(this.categories).map(([k, v]) => [k, [...v]]),
    );
    return { type: 'OneHotEncoder', options: this.options, categories };
  }

  static fromJSON(json: OneHotEncoderJson): OneHotEncoder {
    assertJsonType(json, 'OneHotEncoder');
    const encoder = new OneHotEncoder(json.options);
    encoder.fitted = Object.fromEntries(
      Object.entries(json.categories).map(([k, v]) => [k, [...v]]),
    );
    return encoder;
  }
}
