import { CommandFactory } from 'nest-commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadAppConfig } from '../../config/load-app-config';
import { at } from '../../test/at';
import { PipelineWorkspace } from '../../test/pipeline-workspace';
import { AppModule } from '../app.module';
import { ProgressReporter } from '../stage/progress-reporter';

/** Runs the CLI in-process as `ml-cli <args>`: exit code, stdout, and stderr (the reporter). */
async function cli(
  root: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const write = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
  const [argv, exitCode] = [process.argv, process.exitCode];
  process.argv = ['node', 'main.js', ...args];
  process.exitCode = undefined;
  try {
    const reporter = new ProgressReporter(
      { write: (text: string) => stderr.push(text) },
      'info',
      false,
    );
    await CommandFactory.run(AppModule.forRoot(loadAppConfig({}), reporter, root), {
      logger: false,
    });
    return {
      code: Number(process.exitCode ?? 0),
      stdout: stdout.join(''),
      stderr: stderr.join(''),
    };
  } finally {
    process.argv = argv;
    process.exitCode = exitCode;
    write.mockRestore();
  }
}

describe('ml-cli commands', () => {
  let workspace: PipelineWorkspace;
  beforeAll(async () => {
    workspace = await PipelineWorkspace.create();
  });
  afterAll(() => workspace.close());

  it('runs each stage, printing a JSON summary with --json', async () => {
    for (const stage of ['dataset', 'features', 'train', 'evaluate']) {
      const { code, stdout, stderr } = await cli(workspace.root, stage, '--json');
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ stage, ok: true });
      expect(stderr).toMatch(new RegExp(`\\[${stage}\\] done in`));
    }
  });

  it('prints one JSON line per row for predict', async () => {
    writeFileSync(
      workspace.path('rows.json'),
      '{"Island":"Biscoe","Beak Length (mm)":48.7,"Beak Depth (mm)":14.1}\n{"Island":"Torgersen"}\n',
    );
    const { code, stdout } = await cli(
      workspace.root,
      'predict',
      '--input',
      'rows.json',
      '--model',
      'models:/penguins-test@champion',
    );
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { row: number; prediction: string });
    expect(lines.map((l) => l.row)).toEqual([0, 1]);
    expect(at(lines, 0).prediction).toBe('Gentoo');
  });

  it('keeps stdout to the JSON lines of predict (logs on stderr), or writes them whole to --out', async () => {
    writeFileSync(workspace.path('two.json'), '[{"Island":"Dream"},{"Island":"Biscoe"}]');
    const piped = await cli(workspace.root, 'predict', '--input', 'two.json');
    expect(piped.code).toBe(0);
    expect(piped.stdout.split('\n')).toEqual([
      expect.stringMatching(/^\{"row":0,"prediction":"\w+","probabilities":\{.*\}\}$/),
      expect.stringMatching(/^\{"row":1,/),
      '',
    ]);
    expect(piped.stderr).toMatch(
      /^\[predict\] predicted 2 rows of two\.json with models\/model\.json\n/,
    );
    const toFile = await cli(
      workspace.root,
      'predict',
      '--input',
      'two.json',
      '--out',
      'out/p.jsonl',
    );
    expect(toFile).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(workspace.path('out/p.jsonl'), 'utf8')).toBe(piped.stdout);
  });

  it('never trains for predict or evaluate: without a model they fail and say what to run', async () => {
    const cold = await PipelineWorkspace.create();
    try {
      writeFileSync(cold.path('two.json'), '[{"Island":"Dream"}]');
      for (const args of [['predict', '--input', 'two.json'], ['evaluate']]) {
        const { code, stdout, stderr } = await cli(cold.root, ...args);
        expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
        expect(stderr).toContain(
          'models/model.json not found: run the train stage first (nx run ml-cli:train)',
        );
      }
      expect(existsSync(cold.path('mlruns'))).toBe(false);
      expect(existsSync(cold.path('models'))).toBe(false);
    } finally {
      await cold.close();
    }
  });

  it('exits non-zero with one clear message when a stage fails', async () => {
    const { code, stdout, stderr } = await cli(
      workspace.root,
      'train',
      '--config',
      'missing.yaml',
      '--json',
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      '[train] ERROR failed: Cannot read the pipeline config missing.yaml:\n  - file not found (set ML_CONFIG or pass --config)\n',
    );
    expect(JSON.parse(stdout)).toMatchObject({ stage: 'train', ok: false });
  });
});
