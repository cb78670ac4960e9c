import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { PipelinePaths } from '../artifacts/pipeline-paths';
import { type LoadedPipelineConfig, loadPipelineConfig } from './load-pipeline-config';

/** Loads ml.config.yaml (ML_CONFIG, or a command's --config) relative to the workspace root. */
@Injectable()
export class PipelineConfigService {
  constructor(
    private readonly appConfig: AppConfig,
    private readonly paths: PipelinePaths,
  ) {}

  load(override?: string): LoadedPipelineConfig {
    const path = override ?? this.appConfig.ML_CONFIG;
    return loadPipelineConfig(path, this.paths.resolve(path));
  }
}
