/** Payloads of the MLflow 2.x REST API, as the tracking server sends them (snake_case). */

export interface MlflowExperiment {
  readonly experiment_id: string;
  readonly name: string;
  readonly artifact_location: string;
  readonly lifecycle_stage: string;
  readonly creation_time?: number;
  readonly last_update_time?: number;
}

export type MlflowRunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface MlflowRunInfo {
  readonly run_id: string;
  readonly run_uuid: string;
  readonly run_name: string;
  readonly experiment_id: string;
  readonly user_id: string;
  readonly status: MlflowRunStatus;
  readonly start_time: number;
  readonly end_time?: number;
  readonly artifact_uri: string;
  readonly lifecycle_stage: string;
}

export interface MlflowKeyValue {
  readonly key: string;
  readonly value: string;
}

/** NaN and ±Infinity travel as strings, as protobuf's JSON mapping requires. */
export type MlflowMetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

export interface MlflowMetric {
  readonly key: string;
  readonly value: MlflowMetricValue;
  readonly timestamp: number;
  readonly step: number;
}

export interface MlflowRun {
  readonly info: MlflowRunInfo;
  readonly data: {
    readonly metrics?: MlflowMetric[];
    readonly params?: MlflowKeyValue[];
    readonly tags?: MlflowKeyValue[];
  };
}

export interface MlflowModelVersion {
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly run_id?: string;
  readonly status?: string;
  readonly current_stage?: string;
  readonly creation_timestamp?: number;
  readonly aliases?: string[];
}

export interface LogBatchRequest {
  readonly run_id: string;
  readonly metrics?: MlflowMetric[];
  readonly params?: MlflowKeyValue[];
  readonly tags?: MlflowKeyValue[];
}

/** MLflow's error body: `{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "…"}`. */
export interface MlflowErrorBody {
  readonly error_code: string;
  readonly message: string;
}
