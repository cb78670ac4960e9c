import { IsBoolean, IsInt, IsNumber, IsPositive, Min } from 'class-validator';

/** The `split` section: the held-out test set. */
export class SplitConfig {
  /** A fraction in (0, 1), or a row count. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  testSize = 0.2;

  @IsInt()
  @Min(0)
  seed = 42;

  /** Keep class proportions in both parts (classification only). */
  @IsBoolean()
  stratify = true;
}
