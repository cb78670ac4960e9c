// Benchmark of @gatehouse/ml against the scikit-learn figures in /work/shared/ml-bench/README.md,
// then of the whole default ml-cli pipeline against its 10 s target. Not a test. From the root:
//   TS_NODE_PROJECT=tools/bench/ml/tsconfig.json npx ts-node --transpile-only -r tsconfig-paths/register tools/bench/ml/ml-bench.ts [--only=library|pipeline] [--no-nx]
import { availableParallelism, loadavg } from 'node:os';
import { benchPipeline } from './bench-pipeline';
import { BenchReport } from './bench-report';
import { benchCars, benchPenguins } from './bench-small-datasets';
import { benchSynthetic } from './bench-synthetic';

async function main(): Promise<void> {
  const [oneMinute = 0] = loadavg();
  const load = oneMinute.toFixed(2);
  console.log(
    `@gatehouse/ml benchmark: Node ${process.version}, ${availableParallelism()} CPUs, load average ${load}`,
  );
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  if (only !== 'pipeline') {
    const report = new BenchReport();
    await benchPenguins(report);
    await benchCars(report);
    const floorsMet = await benchSynthetic(report);
    console.log(
      '\nSummary. scikit-learn: single-threaded, median of 5. Ours: median of 5-21 runs after warm-up; 80k forest: one run.',
    );
    report.print();
    if (!floorsMet) {
      console.error('Accuracy floor missed on the 80k set (RF >= 0.97, LR >= 0.84)');
      process.exitCode = 1;
    }
  }
  if (only !== 'library') benchPipeline(!process.argv.includes('--no-nx'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
