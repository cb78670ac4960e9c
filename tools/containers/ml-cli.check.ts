import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkNonRoot,
  checkStops,
  cleanups,
  containers,
  fail,
  image,
  info,
  LOGS,
  logsOf,
  must,
  ROOT,
  runFlags,
  runId,
  start,
  step,
} from './harness';
import { podman, sleep, waitFor, withoutPodmanNoise } from './podman';

/** ml-cli's default command against a fake MLflow, and a pipeline stopped mid-run. */
interface FakeMlflow {
  url: string;
  requests: { method: string; path: string }[];
  stop(): Promise<void>;
}

async function fakeMlflow(): Promise<FakeMlflow> {
  // The ml-cli tests' in-process MLflow 2.12 server (checked against recorded MLflow exchanges).
  const module = (await import(join(ROOT, 'apps/ml-cli/src/test/fake-mlflow-server'))) as {
    FakeMlflowServer: { start(): Promise<FakeMlflow> };
  };
  return module.FakeMlflowServer.start();
}

export async function testMlCli(): Promise<void> {
  const mlflow = await fakeMlflow();
  cleanups.push(() => mlflow.stop());
  const name = `gatehouse-ml-cli-${runId}`;
  await step(
    `ml-cli: the default command (dataset → features → train) against MLflow at ${mlflow.url}`,
    async () => {
      containers.push(name);
      const result = await podman(
        ['run', ...runFlags(name), '--env', `MLFLOW_TRACKING_URI=${mlflow.url}`, image('ml-cli')],
        { timeoutMs: 600_000, logFile: join(LOGS, 'ml-cli-run.log') },
      );
      if (result.code !== 0)
        fail(
          `exit ${result.code}:\n${withoutPodmanNoise(result.stderr).split('\n').slice(-20).join('\n')}`,
        );
      for (const line of withoutPodmanNoise(result.stderr)
        .split('\n')
        .filter((l) => /accuracy|champion|registered|run /i.test(l))
        .slice(-4))
        info(line.trim());
      const scratch = mkdtempSync(join(tmpdir(), 'ml-cli-'));
      try {
        await must('podman cp', [
          'cp',
          `${name}:/app/reports/metrics.json`,
          join(scratch, 'metrics.json'),
        ]);
        const metrics = JSON.parse(readFileSync(join(scratch, 'metrics.json'), 'utf8')) as Record<
          string,
          unknown
        >;
        info(`reports/metrics.json: ${JSON.stringify(metrics).slice(0, 160)}`);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
      const created = mlflow.requests.filter((r) => r.path.includes('/runs/create')).length;
      const artifacts = mlflow.requests.filter(
        (r) => r.method === 'PUT' && r.path.includes('mlflow-artifacts'),
      ).length;
      if (created !== 1 || artifacts === 0)
        fail(`MLflow saw ${created} runs created and ${artifacts} artifact uploads`);
      info(
        `MLflow: 1 run created, ${artifacts} artifacts uploaded, ${mlflow.requests.length} requests in all`,
      );
    },
  );

  await step(
    'ml-cli: runs as a non-root user, and SIGTERM stops a running pipeline within 10 s',
    async () => {
      // The default pipeline takes about 2 s. Against an MLflow server that accepts connections
      // and never answers, train (which opens its run first) waits: a running pipeline to stop.
      const silent = createServer(() => undefined);
      await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
      cleanups.push(() => new Promise((done) => silent.close(done)));
      silent.on('connection', (socket) => cleanups.push(() => Promise.resolve(socket.destroy())));
      const port = (silent.address() as AddressInfo).port;
      const running = `${name}-stop`;
      await start(
        running,
        [],
        { MLFLOW_TRACKING_URI: `http://127.0.0.1:${port}`, MLFLOW_TIMEOUT_MS: '60000' },
        image('ml-cli'),
      );
      await waitFor('the pipeline to reach its train stage', 30_000, async () =>
        (await logsOf(running)).includes('[features] done') ? true : undefined,
      );
      await sleep(500);
      const state = await must('podman inspect', [
        'inspect',
        '--format',
        '{{.State.Status}}',
        running,
      ]);
      if (state !== 'running')
        fail(`the pipeline was ${state} during training:\n${await logsOf(running)}`);
      await checkNonRoot(running);
      await checkStops(running);
    },
  );
}
