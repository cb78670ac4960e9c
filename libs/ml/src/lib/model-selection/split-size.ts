/** scikit-learn's `_validate_shuffle_split`: a fraction in (0, 1) rounds the test set up, an integer is a count. */
export function splitSizes(nSamples: number, testSize: number): { nTrain: number; nTest: number } {
  let nTest: number;
  if (testSize > 0 && testSize < 1) nTest = Math.ceil(testSize * nSamples);
  else if (Number.isInteger(testSize) && testSize >= 1) nTest = testSize;
  else
    throw new RangeError(
      `testSize must be a fraction in (0, 1) or a positive integer, got ${testSize}`,
    );
  const nTrain = nSamples - nTest;
  if (nTrain <= 0 || nTest > nSamples) {
    throw new RangeError(`testSize ${testSize} leaves no training rows out of ${nSamples}`);
  }
  return { nTrain, nTest };
}
