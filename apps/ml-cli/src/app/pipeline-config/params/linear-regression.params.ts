/** `linear_regression` (ordinary least squares) has no hyper-parameters. */
export class LinearRegressionParams {}
