import { availableParallelism } from 'node:os';
import {
  forestImportances,
  resolveForestOptions,
  resolveWorkers,
  workersFor,
} from './forest-options';

describe(workersFor.name, () => {
  it('honours an explicit worker count', () => {
    expect(workersFor(3, 10, 1, 1)).toBe(3);
    expect(workersFor(1, 1e6, 100, 20)).toBe(1);
  });

  it('trains small jobs in-process and large ones on every core', () => {
    expect(workersFor(undefined, 300, 100, 3)).toBe(1);
    expect(workersFor(undefined, 80_000, 100, 4)).toBe(availableParallelism());
  });

  it('rejects impossible counts', () => {
    expect(() => resolveWorkers(0)).toThrow(RangeError);
    expect(() => resolveWorkers(1.5)).toThrow(RangeError);
  });
});

describe(resolveForestOptions.name, () => {
  it('validates nEstimators', () => {
    expect(() => resolveForestOptions({ nEstimators: 0 }, 'sqrt')).toThrow(RangeError);
  });
});

describe(forestImportances.name, () => {
  it('averages normalised per-tree importances and skips single-leaf trees', () => {
    const result = forestImportances(
      [Float64Array.from([2, 2]), Float64Array.from([0, 0]), Float64Array.from([3, 1])],
      2,
    );
    expect(Array.from(result)).toEqual([0.625, 0.375]);
  });
});
