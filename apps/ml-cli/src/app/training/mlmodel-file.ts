import { randomUUID } from 'node:crypto';
import { stringify } from 'yaml';
import { MODEL_FORMAT } from '../artifacts/model-bundle';

/** An `MLmodel` descriptor, so MLflow's UI shows the `model` artifact directory as a model. */
export function mlmodelFile(runId: string, createdAt: Date): string {
  return stringify({
    artifact_path: 'model',
    flavors: {
      gatehouse_ml: { data: 'model.json', format: MODEL_FORMAT, loader: 'ml-cli predict --model' },
    },
    model_uuid: randomUUID().replace(/-/g, ''),
    run_id: runId,
    utc_time_created: createdAt.toISOString().replace('T', ' ').replace('Z', ''),
  });
}
