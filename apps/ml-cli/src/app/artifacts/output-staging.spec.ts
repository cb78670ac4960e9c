import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputStaging } from './output-staging';
import { PipelinePaths } from './pipeline-paths';

describe(OutputStaging.name, () => {
  let root: string;
  let paths: PipelinePaths;
  const read = (p: string) => readFileSync(join(root, p), 'utf8');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'staging-'));
    paths = new PipelinePaths(root);
    mkdirSync(join(root, 'models'), { recursive: true });
    writeFileSync(join(root, 'models/old.json'), 'old');
    mkdirSync(join(root, 'reports/evaluation'), { recursive: true });
    writeFileSync(join(root, 'reports/evaluation/keep.md'), 'keep');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('replaces each declared output whole on success, leaving other files alone', async () => {
    await OutputStaging.run(paths, 'train', ['models', 'reports/report.md'], async (staging) => {
      await staging.writeFile('models/model.json', 'new');
      await staging.writeFile('reports/report.md', '# r');
      expect(existsSync(join(root, 'models/model.json'))).toBe(false);
    });
    expect(readdirSync(join(root, 'models'))).toEqual(['model.json']);
    expect(read('reports/report.md')).toBe('# r');
    expect(read('reports/evaluation/keep.md')).toBe('keep');
    expect(existsSync(join(root, 'data/.staging'))).toBe(false);
  });

  it('keeps the previous outputs and removes the staged files when writing fails', async () => {
    const failing = OutputStaging.run(paths, 'train', ['models'], async (staging) => {
      await staging.writeFile('models/model.json', 'half');
      throw new Error('tracking server down');
    });
    await expect(failing).rejects.toThrow('tracking server down');
    expect(readdirSync(join(root, 'models'))).toEqual(['old.json']);
    expect(existsSync(join(root, 'data/.staging'))).toBe(false);
  });

  it('refuses to write outside the declared outputs', async () => {
    await expect(
      OutputStaging.run(paths, 'train', ['models'], (staging) =>
        staging.writeFile('data/x.json', ''),
      ),
    ).rejects.toThrow('data/x.json is not a declared output of this stage');
  });
});
