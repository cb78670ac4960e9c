import {
  accuracy,
  crossValidate,
  type Fold,
  KFold,
  LinearRegression,
  LogisticRegression,
  Preprocessor,
  type PreprocessorOptions,
  r2,
  RandomForestClassifier,
  RandomForestRegressor,
  rmse,
  type Row,
  StratifiedKFold,
  trainTestSplit,
} from '@gatehouse/ml';
import { CARS, loadCars, loadPenguins, PENGUINS, pick } from './bench-data';
import { type BenchReport, formatCv } from './bench-report';
import { timeMedian } from './timing';

// The reference cross-validates the training split with shuffled 5-fold CV, seed 42: that is the
// protocol that reproduces its OLS figure on cars exactly.

function prepare(rows: readonly Row[], fold: Fold, options: PreprocessorOptions) {
  const preprocessor = new Preprocessor(options);
  return {
    xTrain: preprocessor.fitTransform(pick(rows, fold.train)),
    xTest: preprocessor.transform(pick(rows, fold.test)),
  };
}

export async function benchPenguins(report: BenchReport): Promise<void> {
  console.log('\nPenguins → Species (stratified 80/20 split, seed 42; fit = model only)');
  const { rows, species } = loadPenguins();
  const split = trainTestSplit(rows.length, { testSize: 0.2, seed: 42, stratify: species });
  const { xTrain, xTest } = prepare(rows, split, PENGUINS);
  const [yTrain, yTest] = [pick(species, split.train), pick(species, split.test)];
  const score = (model: { predict(x: typeof xTest): unknown[] }) =>
    `acc ${accuracy(yTest, model.predict(xTest) as string[]).toFixed(3)}`;

  const lr = await timeMedian(() => new LogisticRegression().fit(xTrain, yTrain), 21, 20);
  report.add('penguins', 'LogisticRegression', score(lr.result), 'acc 1.000', lr.ms, 3.9);
  const rf = await timeMedian(
    () => new RandomForestClassifier({ seed: 42 }).fit(xTrain, yTrain),
    5,
    1,
  );
  report.add('penguins', 'RandomForest(100)', score(rf.result), 'acc 1.000', rf.ms, 91);
  // The default trains a job this small in-process; forcing threads shows what they would cost.
  const forced = await timeMedian(
    () => new RandomForestClassifier({ seed: 42, nWorkers: 2 }).fit(xTrain, yTrain),
    5,
    1,
  );
  report.add(
    'penguins',
    'RandomForest(100), nWorkers 2',
    score(forced.result),
    'acc 1.000',
    forced.ms,
    91,
  );

  const trainRows = pick(rows, split.train);
  const folds = new StratifiedKFold({ nSplits: 5, shuffle: true, seed: 42 }).split(yTrain);
  const cv = (model: 'lr' | 'rf') =>
    crossValidate(folds, async (fold) => {
      const { xTrain: x, xTest: xt } = prepare(trainRows, fold, PENGUINS);
      const y = pick(yTrain, fold.train);
      const fitted =
        model === 'lr'
          ? new LogisticRegression().fit(x, y)
          : await new RandomForestClassifier({ seed: 42 }).fit(x, y);
      return accuracy(pick(yTrain, fold.test), fitted.predict(xt));
    });
  console.log(`  5-fold CV accuracy: LR ${formatCv(await cv('lr'))} (sklearn 0.993 ± 0.009)`);
  console.log(`  5-fold CV accuracy: RF ${formatCv(await cv('rf'))} (sklearn 0.982 ± 0.020)`);
}

export async function benchCars(report: BenchReport): Promise<void> {
  console.log(
    "\nCars → Miles_per_Gallon (80/20 split, seed 42 = scikit-learn's indices; fit = model only)",
  );
  const { rows, mpg } = loadCars();
  const split = trainTestSplit(rows.length, { testSize: 0.2, seed: 42 });
  const { xTrain, xTest } = prepare(rows, split, CARS);
  const [yTrain, yTest] = [pick(mpg, split.train), pick(mpg, split.test)];
  const score = (model: { predict(x: typeof xTest): Float64Array }) => {
    const predictions = model.predict(xTest);
    return `RMSE ${rmse(yTest, predictions).toFixed(4)}, R² ${r2(yTest, predictions).toFixed(4)}`;
  };

  const ols = await timeMedian(() => new LinearRegression().fit(xTrain, yTrain), 21, 20);
  report.add('cars', 'LinearRegression', score(ols.result), 'RMSE 2.8574, R² 0.8481', ols.ms, 0.7);
  const rf = await timeMedian(
    () => new RandomForestRegressor({ seed: 42 }).fit(xTrain, yTrain),
    5,
    1,
  );
  report.add(
    'cars',
    'RandomForestRegressor(100)',
    score(rf.result),
    'RMSE 2.009, R² 0.925',
    rf.ms,
    99,
  );

  const trainRows = pick(rows, split.train);
  const folds = new KFold({ nSplits: 5, shuffle: true, seed: 42 }).split(trainRows.length);
  const cv = (model: 'ols' | 'rf') =>
    crossValidate(folds, async (fold) => {
      const { xTrain: x, xTest: xt } = prepare(trainRows, fold, CARS);
      const y = pick(yTrain, fold.train);
      const fitted =
        model === 'ols'
          ? new LinearRegression().fit(x, y)
          : await new RandomForestRegressor({ seed: 42 }).fit(x, y);
      return rmse(pick(yTrain, fold.test), fitted.predict(xt));
    });
  console.log(`  5-fold CV RMSE: OLS ${formatCv(await cv('ols'))} (sklearn 3.49 ± 0.25)`);
  console.log(`  5-fold CV RMSE: RF ${formatCv(await cv('rf'))} (sklearn 3.00 ± 0.12)`);
}
