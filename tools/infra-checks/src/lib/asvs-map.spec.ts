import { type BrokenCopy, brokenCopy } from '../test/broken-copy';
import { ASVS_MAP, checkAsvsMap, readAsvsMap } from './asvs-map';
import { WORKSPACE_ROOT } from './workspace';

// The real table, copied with the test files it names, then broken one way at a time.
const rows = readAsvsMap(WORKSPACE_ROOT);
const named = [...new Set(rows.flatMap((r) => r.proofs.map((p) => p.file)))];
const first = rows.find((r) => r.proofs.length > 0);

describe('the ASVS L2 table', () => {
  let copy: BrokenCopy;
  beforeEach(() => (copy = brokenCopy(['docs', ...named])));
  afterEach(() => copy.dispose());

  it('names only tests that exist', () => {
    expect(rows.length).toBeGreaterThan(40);
    expect(checkAsvsMap(copy.root)).toEqual([]);
  });

  it('fails when a listed test is renamed', () => {
    const proof = first?.proofs[0];
    if (!proof || !first) throw new Error('the table has no proof');
    const quoted = [`'${proof.title}'`, `"${proof.title}"`, `\`${proof.title}\``].find((q) =>
      copy.read(proof.file).includes(q),
    );
    copy.replace(proof.file, quoted ?? proof.title, `'renamed'`);
    expect(checkAsvsMap(copy.root)).toContain(
      `${ASVS_MAP}: ${first.item}: ${proof.file} has no test "${proof.title}"`,
    );
  });

  it('fails when a listed test file is deleted', () => {
    const proof = first?.proofs[0];
    if (!proof || !first) throw new Error('the table has no proof');
    copy.remove(proof.file);
    expect(checkAsvsMap(copy.root)).toContain(
      `${ASVS_MAP}: ${first.item}: ${proof.file} does not exist`,
    );
  });

  it('fails on an item without a test, and on a cell that is not a proof', () => {
    copy.append(ASVS_MAP, '| 99.1.1 | Something new | PENDING |\n| 99.1.2 | Other | |\n');
    expect(checkAsvsMap(copy.root)).toEqual([
      `${ASVS_MAP}: 99.1.1: not a proof: PENDING`,
      `${ASVS_MAP}: 99.1.1: no test proves it`,
      `${ASVS_MAP}: 99.1.2: no test proves it`,
    ]);
  });

  it('fails when a proof names a file that is not a test', () => {
    copy.append(ASVS_MAP, '| 99.1.3 | Something | `README.md` › anything |\n');
    expect(checkAsvsMap(copy.root)).toEqual([`${ASVS_MAP}: 99.1.3: README.md is not a test file`]);
  });
});
