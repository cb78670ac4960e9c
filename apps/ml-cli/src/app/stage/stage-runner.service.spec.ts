import { ConfigError } from '@gatehouse/env-config';
import { at } from '../../test/at';
import { ProgressReporter } from './progress-reporter';
import { StageRunner } from './stage-runner.service';

describe(StageRunner.name, () => {
  const setup = () => {
    const log: string[] = [];
    const stdout: string[] = [];
    const sut = new StageRunner(
      new ProgressReporter({ write: (t: string) => log.push(t) }, 'info', false),
    );
    return { sut, log, stdout: { write: (t: string) => stdout.push(t) }, printed: stdout };
  };

  it('prints a JSON summary with --json and reports success', async () => {
    const { sut, stdout, printed, log } = setup();
    await expect(
      sut.run('dataset', { json: true }, () => Promise.resolve({ rowsOut: 3 }), stdout),
    ).resolves.toBe(true);
    expect(JSON.parse(at(printed, 0))).toEqual({
      stage: 'dataset',
      ok: true,
      durationMs: expect.any(Number),
      rowsOut: 3,
    });
    expect(log.at(-1)).toMatch(/^\[dataset\] done in \d+\.\d\d s\n$/);
  });

  it('turns a failure into one clear message, false, and a JSON error with --json', async () => {
    const { sut, stdout, printed, log } = setup();
    const failing = () =>
      Promise.reject(new ConfigError('ml.config.yaml is invalid', ['task: must be one of …']));
    await expect(sut.run('train', { json: true }, failing, stdout)).resolves.toBe(false);
    expect(log).toEqual([
      '[train] ERROR failed: ml.config.yaml is invalid:\n  - task: must be one of …\n',
    ]);
    expect(JSON.parse(at(printed, 0))).toEqual({
      stage: 'train',
      ok: false,
      error: 'ml.config.yaml is invalid:\n  - task: must be one of …',
    });
  });

  it('keeps stack traces of unexpected errors for debug logs only', async () => {
    const { sut, stdout, log } = setup();
    await sut.run('train', {}, () => Promise.reject(new TypeError('x is undefined')), stdout);
    expect(log).toEqual(['[train] ERROR failed: x is undefined\n']);
  });
});
