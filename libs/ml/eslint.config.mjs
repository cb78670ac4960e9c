import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Numeric kernels under noUncheckedIndexedAccess: their indices are in range by construction
    // (loops bounded by the length, matrices of known shape), and these loops are hot. A non-null
    // assertion is erased at compile time, so the emitted JavaScript (and `npm run bench:ml`, and
    // the bit-identical outputs) stay as they were; a checked accessor would not be free.
    files: [
      'src/lib/core/argmax-labels.ts',
      'src/lib/core/feature-matrix.ts',
      'src/lib/core/labels.ts',
      'src/lib/forest/forest-options.ts',
      'src/lib/forest/tree-job.ts',
      'src/lib/linear/centered-design.ts',
      'src/lib/linear/lbfgs.ts',
      'src/lib/linear/linear-regression.ts',
      'src/lib/linear/logistic-loss.ts',
      'src/lib/linear/logistic-regression.ts',
      'src/lib/linear/ridge.ts',
      'src/lib/metrics/classification-metrics.ts',
      'src/lib/metrics/regression-metrics.ts',
      'src/lib/model-selection/k-fold.ts',
      'src/lib/model-selection/stratified-k-fold.ts',
      'src/lib/model-selection/train-test-split.ts',
      'src/lib/preprocessing/simple-imputer.ts',
      'src/lib/preprocessing/standard-scaler.ts',
      'src/lib/random/mt19937.ts',
      'src/lib/random/xoshiro128.ts',
      'src/lib/tree/feature-binner.ts',
      'src/lib/tree/flat-tree.ts',
      'src/lib/tree/tree-kernel.ts',
    ],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
