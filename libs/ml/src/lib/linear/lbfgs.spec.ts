import { at } from '../../test/at';
import { minimizeLbfgs } from './lbfgs';

describe(minimizeLbfgs.name, () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const result = minimizeLbfgs(
      (x, grad) => {
        const a = at(x, 0);
        const b = at(x, 1);
        grad[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        grad[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.from([-1.2, 1]),
      { maxIter: 200, gtol: 1e-8 },
    );
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });

  it('solves a convex quadratic in few iterations', () => {
    const scales = [1, 10, 100, 1000];
    const result = minimizeLbfgs(
      (x, grad) => {
        let f = 0;
        scales.forEach((s, i) => {
          f += 0.5 * s * (at(x, i) - i) ** 2;
          grad[i] = s * (at(x, i) - i);
        });
        return f;
      },
      new Float64Array(4),
      { gtol: 1e-10 },
    );
    expect(Array.from(result.x).map((v) => Number(v.toFixed(6)))).toEqual([0, 1, 2, 3]);
    expect(result.iterations).toBeLessThan(30);
  });

  it('reports non-convergence when out of iterations', () => {
    const result = minimizeLbfgs(
      (x, grad) => {
        grad[0] = 4 * at(x, 0) ** 3;
        return at(x, 0) ** 4;
      },
      Float64Array.from([3]),
      { maxIter: 2, gtol: 1e-12, ftol: 0 },
    );
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(2);
  });
});
