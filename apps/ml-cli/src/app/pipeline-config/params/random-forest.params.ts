import { IsBoolean, IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';

const isMaxFeatures = (value: unknown): boolean =>
  value === 'sqrt' ||
  value === 'log2' ||
  value === 'all' ||
  (typeof value === 'number' &&
    Number.isFinite(value) &&
    value > 0 &&
    (value < 1 || Number.isInteger(value)));

/** Hyper-parameters of `random_forest` (classifier or regressor, by task). */
export class RandomForestParams {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  nEstimators?: number;

  /** Unlimited when null or omitted. */
  @IsOptional()
  @IsInt()
  @Min(1)
  maxDepth?: number | null;

  @IsOptional()
  @IsInt()
  @Min(2)
  minSamplesSplit?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  minSamplesLeaf?: number;

  /** 'sqrt', 'log2', 'all', a count, or a fraction in (0, 1). */
  @IsOptional()
  @ValidateBy({
    name: 'isMaxFeatures',
    validator: {
      validate: isMaxFeatures,
      defaultMessage: () =>
        "maxFeatures must be 'sqrt', 'log2', 'all', an integer >= 1 or a fraction in (0, 1)",
    },
  })
  maxFeatures?: 'sqrt' | 'log2' | 'all' | number;

  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(65_536)
  maxBins?: number;

  @IsOptional()
  @IsBoolean()
  bootstrap?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  seed?: number;

  /** Worker threads (1 trains in-process); by default decided per job. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(256)
  nWorkers?: number;
}
