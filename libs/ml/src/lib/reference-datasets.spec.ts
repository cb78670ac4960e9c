import { at } from '../test/at';
import {
  CARS_CATEGORICAL,
  CARS_NUMERIC,
  loadCars,
  loadPenguins,
  loadRawCars,
  PENGUIN_CATEGORICAL,
  PENGUIN_NUMERIC,
  pick,
} from '../test/datasets';
import { RandomForestClassifier } from './forest/random-forest-classifier';
import { RandomForestRegressor } from './forest/random-forest-regressor';
import { LinearRegression } from './linear/linear-regression';
import { LogisticRegression } from './linear/logistic-regression';
import { accuracy } from './metrics/classification-metrics';
import { r2, rmse } from './metrics/regression-metrics';
import { crossValidate } from './model-selection/cross-validate';
import { StratifiedKFold } from './model-selection/stratified-k-fold';
import { trainTestSplit } from './model-selection/train-test-split';
import { Preprocessor } from './preprocessing/preprocessor';

// End-to-end checks on the small real datasets of the scikit-learn reference (see
// /work/shared/ml-bench/README.md): cleaning quirks, OLS parity, and accuracy floors.
describe('reference datasets', () => {
  describe('cars → Miles_per_Gallon', () => {
    const { rows, mpg } = loadCars();
    const split = trainTestSplit(rows.length, { testSize: 0.2, seed: 42 });
    const preprocessor = new Preprocessor({ numeric: CARS_NUMERIC, categorical: CARS_CATEGORICAL });
    const xTrain = preprocessor.fitTransform(pick(rows, split.train));
    const xTest = preprocessor.transform(pick(rows, split.test));

    it('keeps the 398 rows with a target, 6 of them missing Horsepower, and turns Year into a number', () => {
      const raw = loadRawCars();
      expect(raw.filter((r) => r['Miles_per_Gallon'] === null)).toHaveLength(8);
      expect(at(raw, 0)['Year']).toBe('1970-01-01');
      expect(rows).toHaveLength(398);
      expect(rows.filter((r) => r['Horsepower'] === null)).toHaveLength(6);
      expect(at(rows, 0)['Year']).toBe(1970);
      expect([split.train.length, split.test.length]).toEqual([318, 80]);
      expect(xTrain.nCols).toBe(CARS_NUMERIC.length + 3);
      expect(xTest.data.some(Number.isNaN)).toBe(false);
    });

    it('reproduces scikit-learn LinearRegression: RMSE 2.8574, R² 0.8481', () => {
      const predictions = new LinearRegression().fit(xTrain, pick(mpg, split.train)).predict(xTest);
      const yTest = pick(mpg, split.test);
      expect(rmse(yTest, predictions)).toBeCloseTo(2.8574, 4);
      expect(r2(yTest, predictions)).toBeCloseTo(0.8481, 4);
    });

    it('fits a random forest regressor in the same league as scikit-learn (RMSE 2.01, R² 0.925)', async () => {
      const model = await new RandomForestRegressor({ seed: 42, nWorkers: 1 }).fit(
        xTrain,
        pick(mpg, split.train),
      );
      expect(r2(pick(mpg, split.test), model.predict(xTest))).toBeGreaterThan(0.9);
    });
  });

  describe('penguins → Species', () => {
    const rows = loadPenguins().filter((r) => r['Species'] !== null);
    const species = rows.map((r) => String(r['Species']));
    const split = trainTestSplit(rows.length, { testSize: 0.2, seed: 42, stratify: species });
    const options = {
      numeric: PENGUIN_NUMERIC,
      categorical: PENGUIN_CATEGORICAL,
      missingValues: ['.'],
    };

    it('has the known quirks, and the preprocessor fills them from the training split', () => {
      const allNumericsMissing = rows.filter((r) => PENGUIN_NUMERIC.every((c) => r[c] === null));
      expect(allNumericsMissing).toHaveLength(2);
      expect(rows.filter((r) => r['Sex'] === null)).toHaveLength(10);
      expect(rows.filter((r) => r['Sex'] === '.')).toHaveLength(1);
      const preprocessor = new Preprocessor(options).fit(pick(rows, split.train));
      const { encoder, numericImputer } = preprocessor.fitted();
      expect(encoder.categories['Sex']).toEqual(['FEMALE', 'MALE']);
      const x = preprocessor.transform(allNumericsMissing);
      expect(x.data.some(Number.isNaN)).toBe(false);
      // Imputed to the training medians, which standardise to the same value for both rows.
      expect(Array.from(x.data.subarray(0, 4))).toEqual(
        Array.from(x.data.subarray(x.nCols, x.nCols + 4)),
      );
      expect(numericImputer.statistics['Body Mass (g)']).toBeGreaterThan(3000);
    });

    const fitAndScore = async (
      train: Uint32Array,
      test: Uint32Array,
      model: 'lr' | 'rf',
    ): Promise<number> => {
      const preprocessor = new Preprocessor(options);
      const xTrain = preprocessor.fitTransform(pick(rows, train));
      const xTest = preprocessor.transform(pick(rows, test));
      const classifier =
        model === 'lr'
          ? new LogisticRegression().fit(xTrain, pick(species, train))
          : await new RandomForestClassifier({ seed: 42, nWorkers: 1 }).fit(
              xTrain,
              pick(species, train),
            );
      return accuracy(pick(species, test), classifier.predict(xTest));
    };

    it('reaches ≥ 0.95 test accuracy with logistic regression (scikit-learn: 1.000)', async () => {
      expect(await fitAndScore(split.train, split.test, 'lr')).toBeGreaterThanOrEqual(0.95);
    });

    it('reaches ≥ 0.95 test accuracy with a 100-tree random forest (scikit-learn: 1.000)', async () => {
      expect(await fitAndScore(split.train, split.test, 'rf')).toBeGreaterThanOrEqual(0.95);
    });

    it('cross-validates logistic regression close to scikit-learn (0.993 ± 0.009)', async () => {
      const folds = new StratifiedKFold({ nSplits: 5 }).split(species);
      const result = await crossValidate(folds, (fold) => fitAndScore(fold.train, fold.test, 'lr'));
      expect(result.scores).toHaveLength(5);
      expect(result.mean).toBeGreaterThan(0.97);
    });
  });
});
