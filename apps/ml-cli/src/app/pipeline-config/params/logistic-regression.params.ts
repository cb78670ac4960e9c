import { IsInt, IsNumber, IsOptional, IsPositive, Max, Min } from 'class-validator';

/** Hyper-parameters of `logistic_regression` (scikit-learn's names in camelCase). */
export class LogisticRegressionParams {
  /** Inverse L2 strength. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  C?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxIter?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  tol?: number;
}
