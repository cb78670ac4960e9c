import { type Label } from '@gatehouse/ml';
import { type Task } from '../common/pipeline-vocabulary';
import { type CleanRow } from './processed-dataset';
import { type ColumnSchema } from './table-schema';

/** data/features/{train,test}.json: one side of the split. */
export interface FeatureSplit {
  /** Row numbers in data/processed/dataset.json. */
  readonly index: readonly number[];
  /** The feature columns as cleaned (before imputation), for refitting preprocessing per CV fold. */
  readonly rows: readonly CleanRow[];
  readonly y: readonly Label[];
  /** The rows through the preprocessing fitted on the training split. */
  readonly x: readonly (readonly number[])[];
}

/** data/features/manifest.json: how the features were made. */
export interface FeaturesManifest {
  readonly task: Task;
  readonly target: string;
  /** The target column's type, to read labels from new data the same way. */
  readonly targetColumn: ColumnSchema;
  readonly numeric: readonly string[];
  readonly categorical: readonly string[];
  /** Columns of `x`: numerics, then one per category. */
  readonly featureNames: readonly string[];
  /** The input columns a model trained on these features expects. */
  readonly inputColumns: readonly ColumnSchema[];
  readonly missingValues: readonly string[];
  readonly split: {
    readonly testSize: number;
    readonly seed: number;
    readonly stratified: boolean;
  };
  readonly nTrain: number;
  readonly nTest: number;
  readonly classCounts?: {
    readonly train: Readonly<Record<string, number>>;
    readonly test: Readonly<Record<string, number>>;
  };
  /** sha256 of the raw data the dataset stage read. */
  readonly dataSha256: string;
}
