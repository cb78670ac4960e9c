import { formatMs } from './timing';

/** Collects "ours vs scikit-learn" rows, echoing each as it comes, and prints them as a table. */
export class BenchReport {
  private readonly rows: string[][] = [
    [
      'dataset',
      'model',
      'score (ours)',
      'score (sklearn)',
      'fit (ours)',
      'fit (sklearn)',
      'fit ratio',
    ],
  ];

  add(
    dataset: string,
    model: string,
    score: string,
    reference: string,
    ms: number,
    referenceMs: number,
  ): void {
    const ratio = `${(ms / referenceMs).toFixed(2)}×`;
    this.rows.push([dataset, model, score, reference, formatMs(ms), formatMs(referenceMs), ratio]);
    console.log(
      `  ${model}: ${score} (sklearn ${reference}); fit ${formatMs(ms)} (sklearn ${formatMs(referenceMs)})`,
    );
  }

  print(): void {
    printTable(this.rows);
  }
}

export function printTable(rows: readonly string[][]): void {
  const widths = (rows[0] ?? []).map((_, j) => Math.max(...rows.map((r) => r[j]?.length ?? 0)));
  for (const row of rows)
    console.log(
      row
        .map((cell, j) => cell.padEnd(widths[j] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}

export function formatCv(result: { mean: number; std: number }, digits = 3): string {
  return `${result.mean.toFixed(digits)} ± ${result.std.toFixed(digits)}`;
}
