import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { METRIC_NAMES, type MetricName, TASKS, type Task } from '../common/pipeline-vocabulary';
import { CvConfig } from './cv.config';
import { DataConfig } from './data.config';
import { FeaturesConfig } from './features.config';
import { ModelConfig } from './model.config';
import { SplitConfig } from './split.config';

/** ml.config.yaml: one file drives dataset → features → train → evaluate. */
export class PipelineConfig {
  /** MLflow experiment the runs are recorded under. */
  @IsString()
  @MinLength(1)
  experiment = 'default';

  /** MLflow registered model; the `champion` alias moves to a version that beats the current one. */
  @IsString()
  @Matches(/^[^/%:]+$/, { message: 'registeredModel cannot contain "/", "%" or ":"' })
  registeredModel = 'model';

  @IsIn(TASKS)
  task!: Task;

  @IsDefined({ message: 'data is required' })
  @ValidateNested()
  @Type(() => DataConfig)
  data!: DataConfig;

  @ValidateNested()
  @Type(() => FeaturesConfig)
  features = new FeaturesConfig();

  @ValidateNested()
  @Type(() => SplitConfig)
  split = new SplitConfig();

  @ValidateNested()
  @Type(() => ModelConfig)
  model = new ModelConfig();

  @ValidateNested()
  @Type(() => CvConfig)
  cv = new CvConfig();

  /** Decides the champion and is reported first. Defaults to accuracy or rmse by task. */
  @IsOptional()
  @IsIn(METRIC_NAMES)
  primaryMetric?: MetricName;

  get metric(): MetricName {
    return this.primaryMetric ?? (this.task === 'regression' ? 'rmse' : 'accuracy');
  }
}
