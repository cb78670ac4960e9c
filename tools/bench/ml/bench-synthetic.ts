import {
  accuracy,
  type FeatureMatrix,
  type Label,
  LogisticRegression,
  RandomForestClassifier,
  takeRows,
} from '@gatehouse/ml';
import { join } from 'node:path';
import { BENCH_DIR, readCsvGz } from './bench-data';
import { type BenchReport, printTable } from './bench-report';
import { formatMs, timeMedian } from './timing';

// scikit-learn's RF fit time (s) and accuracy on the first 2,000 test rows, and ml-random-forest's.
const SCALING_REFERENCE: Record<number, [number, number, string]> = {
  500: [0.13, 0.9145, '2.56 s, 0.8555'],
  1000: [0.22, 0.9335, '8.38 s, 0.8660'],
  2000: [0.44, 0.9475, '27.3 s, 0.8655'],
  4000: [0.98, 0.9545, '104.9 s, 0.8730'],
  80000: [34.6, 0.981, 'not feasible'],
};

function head(x: FeatureMatrix, y: readonly Label[], n: number) {
  return {
    x: takeRows(
      x,
      Uint32Array.from({ length: n }, (_, i) => i),
    ),
    y: y.slice(0, n),
  };
}

/** Returns false when the 80k forest misses its 0.97 accuracy floor. */
export async function benchSynthetic(report: BenchReport): Promise<boolean> {
  console.log('\nSynthetic 80k × 20 (make_classification), scored on all 20,000 test rows');
  const train = readCsvGz(join(BENCH_DIR, 'synthetic100k_train.csv.gz'));
  const test = readCsvGz(join(BENCH_DIR, 'synthetic100k_test.csv.gz'));
  const lr = await timeMedian(
    () => new LogisticRegression({ maxIter: 1000 }).fit(train.x, train.y),
    5,
    1,
  );
  const lrAccuracy = accuracy(test.y, lr.result.predict(test.x));
  report.add(
    'synthetic 80k',
    'LogisticRegression',
    `acc ${lrAccuracy.toFixed(4)}`,
    'acc 0.8485',
    lr.ms,
    55,
  );
  const rf = await timeMedian(
    () => new RandomForestClassifier({ seed: 42 }).fit(train.x, train.y),
    1,
    0,
  );
  const rfAccuracy = accuracy(test.y, rf.result.predict(test.x));
  report.add(
    'synthetic 80k',
    'RandomForest(100)',
    `acc ${rfAccuracy.toFixed(4)}`,
    'acc 0.9777',
    rf.ms,
    36_000,
  );

  console.log(
    '\nRandom forest(100), √p features per split: fit time vs training rows, accuracy on the first 2,000 test rows',
  );
  const testHead = head(test.x, test.y, 2000);
  const rows = [
    [
      'rows',
      'fit (ours)',
      'acc (ours)',
      'fit (sklearn)',
      'acc (sklearn)',
      'ml-random-forest 2.1.0',
    ],
  ];
  for (const n of [500, 1000, 2000, 4000, 80_000]) {
    const { x, y } = head(train.x, train.y, n);
    // The 80k forest is the one fitted above: same data, same seed.
    const fitted =
      n === 80_000
        ? rf
        : await timeMedian(() => new RandomForestClassifier({ seed: 42 }).fit(x, y), 1, 0);
    const reference = SCALING_REFERENCE[n];
    if (!reference) throw new Error(`No scaling reference for ${n} rows`);
    const [seconds, refAccuracy, mlRandomForest] = reference;
    const acc = accuracy(testHead.y, fitted.result.predict(testHead.x)).toFixed(4);
    rows.push([
      String(n),
      formatMs(fitted.ms),
      acc,
      `${seconds} s`,
      refAccuracy.toFixed(4),
      mlRandomForest,
    ]);
  }
  printTable(rows);
  return rfAccuracy >= 0.97 && lrAccuracy >= 0.84;
}
