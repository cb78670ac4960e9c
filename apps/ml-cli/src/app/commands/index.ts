import { EvaluateModelCommand } from './evaluate-model.command';
import { MakeDatasetCommand } from './make-dataset.command';
import { MakeFeaturesCommand } from './make-features.command';
import { PredictRowsCommand } from './predict-rows.command';
import { SyncRunsCommand } from './sync-runs.command';
import { TrainModelCommand } from './train-model.command';

/** Every ml-cli command, registered as providers by AppModule. */
export const COMMANDS = [
  MakeDatasetCommand,
  MakeFeaturesCommand,
  TrainModelCommand,
  EvaluateModelCommand,
  PredictRowsCommand,
  SyncRunsCommand,
];
