import { IsInt, Max, Min } from 'class-validator';

/** The `cv` section: k-fold cross-validation on the training split (0 folds turns it off). */
export class CvConfig {
  @IsInt()
  @Min(0)
  @Max(50)
  folds = 5;

  @IsInt()
  @Min(0)
  seed = 42;
}
