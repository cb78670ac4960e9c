import { IsNumber, IsOptional, IsPositive } from 'class-validator';

/** Hyper-parameters of `ridge`. */
export class RidgeParams {
  /** L2 strength (use linear_regression for none). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  alpha?: number;
}
