import { IsIn, IsObject } from 'class-validator';
import { MODEL_TYPES, type ModelType } from '../common/pipeline-vocabulary';

/** The `model` section; `params` are checked against the type's own hyper-parameters. */
export class ModelConfig {
  @IsIn(MODEL_TYPES)
  type: ModelType = 'random_forest';

  @IsObject()
  params: Record<string, unknown> = {};
}
