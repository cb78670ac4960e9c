/** Objective: returns f(x) and writes ∇f(x) into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  readonly maxIter?: number;
  /** Stop when max |∇f| falls to this (scipy's `gtol`, scikit-learn's `tol`). */
  readonly gtol?: number;
  /** Stop when the relative decrease of f falls to this (scikit-learn passes 64·ε). */
  readonly ftol?: number;
  readonly history?: number;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly converged: boolean;
}

const C1 = 1e-4;
const C2 = 0.9;

/** Limited-memory BFGS (Nocedal & Wright, alg. 7.4) with a strong-Wolfe line search (alg. 3.5/3.6). */
export function minimizeLbfgs(
  objective: Objective,
  x0: Float64Array,
  options: LbfgsOptions = {},
): LbfgsResult {
  const { maxIter = 100, gtol = 1e-4, ftol = 64 * Number.EPSILON, history = 10 } = options;
  const n = x0.length;
  let x: Float64Array = x0.slice();
  let g: Float64Array = new Float64Array(n);
  let f = objective(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const direction = new Float64Array(n);
  for (let iter = 0; iter < maxIter; iter++) {
    if (maxAbs(g) <= gtol) return { x, f, iterations: iter, converged: true };
    twoLoop(g, s, y, rho, direction);
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      direction.set(g.map((v) => -v));
      slope = dot(g, direction);
    }
    const step0 = s.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1;
    const trial = lineSearch(objective, x, f, g, direction, slope, step0);
    if (!trial) return { x, f, iterations: iter, converged: false };
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = trial.x[i]! - x[i]!;
      yk[i] = trial.g[i]! - g[i]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12 * Math.sqrt(dot(yk, yk) * dot(sk, sk))) {
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
      if (s.length > history) {
        s.shift();
        y.shift();
        rho.shift();
      }
    }
    const decrease = (f - trial.f) / Math.max(Math.abs(f), Math.abs(trial.f), 1);
    x = trial.x;
    g = trial.g;
    f = trial.f;
    if (decrease <= ftol) return { x, f, iterations: iter + 1, converged: true };
  }
  return { x, f, iterations: maxIter, converged: maxAbs(g) <= gtol };
}

function twoLoop(
  g: Float64Array,
  s: Float64Array[],
  y: Float64Array[],
  rho: number[],
  out: Float64Array,
): void {
  const m = s.length;
  const alpha = new Float64Array(m);
  for (let i = 0; i < out.length; i++) out[i] = -g[i]!;
  for (let k = m - 1; k >= 0; k--) {
    alpha[k] = rho[k]! * dot(s[k]!, out);
    axpy(-alpha[k]!, y[k]!, out);
  }
  if (m > 0) {
    const gamma = dot(s[m - 1]!, y[m - 1]!) / dot(y[m - 1]!, y[m - 1]!);
    for (let i = 0; i < out.length; i++) out[i]! *= gamma;
  }
  for (let k = 0; k < m; k++) axpy(alpha[k]! - rho[k]! * dot(y[k]!, out), s[k]!, out);
}

interface Point {
  readonly step: number;
  readonly x: Float64Array;
  readonly g: Float64Array;
  readonly f: number;
  readonly slope: number;
}

function lineSearch(
  objective: Objective,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  direction: Float64Array,
  slope0: number,
  step0: number,
  maxEvals = 50,
): Point | undefined {
  let evals = 0;
  const evaluate = (step: number): Point => {
    evals++;
    const xt = x.slice();
    axpy(step, direction, xt);
    const gt = new Float64Array(x.length);
    const ft = objective(xt, gt);
    return { step, x: xt, g: gt, f: ft, slope: dot(gt, direction) };
  };
  const sufficient = (p: Point): boolean => p.f <= f0 + C1 * p.step * slope0;
  const curvature = (p: Point): boolean => Math.abs(p.slope) <= -C2 * slope0;
  let prev: Point = { step: 0, x, g: g0, f: f0, slope: slope0 };
  let step = step0;
  while (evals < maxEvals) {
    const p = evaluate(step);
    if (!Number.isFinite(p.f) || !sufficient(p) || (evals > 1 && p.f >= prev.f))
      return zoom(prev, p);
    if (curvature(p)) return p;
    if (p.slope >= 0) return zoom(p, prev);
    prev = p;
    step *= 2;
  }
  return undefined;

  function zoom(lo: Point, hi: Point): Point | undefined {
    while (evals < maxEvals) {
      const p = evaluate(interpolate(lo, hi));
      if (!Number.isFinite(p.f) || !sufficient(p) || p.f >= lo.f) hi = p;
      else {
        if (curvature(p)) return p;
        if (p.slope * (hi.step - lo.step) >= 0) hi = lo;
        lo = p;
      }
      if (Math.abs(hi.step - lo.step) < 1e-16 * Math.max(1, lo.step)) break;
    }
    // Out of evaluations: accept the best point with sufficient decrease, if any.
    return lo.step > 0 ? lo : undefined;
  }
}

/** Minimiser of the cubic through both points, kept away from the ends; bisection otherwise. */
function interpolate(lo: Point, hi: Point): number {
  const d1 = lo.slope + hi.slope - (3 * (lo.f - hi.f)) / (lo.step - hi.step);
  const d2 = Math.sign(hi.step - lo.step) * Math.sqrt(d1 * d1 - lo.slope * hi.slope);
  const step =
    hi.step - ((hi.step - lo.step) * (hi.slope + d2 - d1)) / (hi.slope - lo.slope + 2 * d2);
  const min = Math.min(lo.step, hi.step);
  const width = Math.abs(hi.step - lo.step);
  const safe = Number.isFinite(step) && step > min + 0.1 * width && step < min + 0.9 * width;
  return safe ? step : (lo.step + hi.step) / 2;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i]! += alpha * x[i]!;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (const v of a) max = Math.max(max, Math.abs(v));
  return max;
}
