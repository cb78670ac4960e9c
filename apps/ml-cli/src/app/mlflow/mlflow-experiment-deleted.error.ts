/**
 * The experiment exists but is deleted. MLflow keeps its name (a server answers a new create
 * with RESOURCE_ALREADY_EXISTS, a file store keeps it in .trash) and refuses runs in it.
 */
export class MlflowExperimentDeletedError extends Error {
  constructor(
    readonly experimentName: string,
    readonly experimentId: string,
    where: string,
  ) {
    super(
      `MLflow experiment "${experimentName}" (id ${experimentId}) at ${where} is deleted. ` +
        `Restore it (mlflow experiments restore --experiment-id ${experimentId}, or in the MLflow UI), ` +
        'or set another "experiment" in the pipeline config: MLflow keeps the name of a deleted ' +
        'experiment until it is removed for good (mlflow gc).',
    );
    this.name = 'MlflowExperimentDeletedError';
  }
}
