import { type FeatureMatrix } from '../core/feature-matrix';
import { type Label } from '../core/types';

/** The label of each row's largest column; ties go to the first, like `np.argmax`. */
export function argmaxLabels(proba: FeatureMatrix, classes: readonly Label[]): Label[] {
  const out = new Array<Label>(proba.nRows);
  for (let i = 0; i < proba.nRows; i++) {
    let best = 0;
    for (let c = 1; c < proba.nCols; c++) {
      if (proba.data[i * proba.nCols + c]! > proba.data[i * proba.nCols + best]!) best = c;
    }
    const label = classes[best];
    if (label === undefined) {
      throw new RangeError(
        `Column ${best} has no class: ${classes.length} classes for ${proba.nCols} columns`,
      );
    }
    out[i] = label;
  }
  return out;
}
