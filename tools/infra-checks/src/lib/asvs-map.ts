import { fileExists, readText } from './workspace';

// The ASVS L2 table names, for every item, the tests that prove it. A renamed or deleted test
// would leave an item claimed and unproven; this check makes that a failing build.

export const ASVS_MAP = 'docs/security/asvs-l2.md';

export interface AsvsRow {
  item: string;
  proofs: { file: string; title: string }[];
  /** What the cell says besides proofs (PENDING, MISSING: …), or a malformed proof. */
  unproven: string[];
}

const PROOF = /^`([^`]+)` › (.+)$/;

/** The table's rows: `| item | requirement | proof<br>proof |`, a proof being `` `file` › title ``. */
export function readAsvsMap(root: string): AsvsRow[] {
  const rows: AsvsRow[] = [];
  for (const line of readText(root, ASVS_MAP).split('\n')) {
    const cells = line
      .trim()
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length !== 3 || !/^\d/.test(cells[0] ?? '')) continue;
    const row: AsvsRow = { item: cells[0] ?? '', proofs: [], unproven: [] };
    for (const part of (cells[2] ?? '').split('<br>').map((p) => p.trim())) {
      const match = PROOF.exec(part);
      // Markdown escapes (Prettier writes `\_\_Host-`) are not part of the title.
      const title = match?.[2]?.replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
      if (match?.[1] && title) row.proofs.push({ file: match[1], title });
      else if (part) row.unproven.push(part);
    }
    rows.push(row);
  }
  return rows;
}

/** A test of that title in the file's source: `it('title'`, `test("title"`, `it.each(…)(`title``. */
function declaresTest(source: string, title: string): boolean {
  return ["'", '"', '`'].some((quote) => {
    const literal = `${quote}${title.replaceAll(quote, `\\${quote}`)}${quote}`;
    return source.includes(literal);
  });
}

export function checkAsvsMap(root: string): string[] {
  if (!fileExists(root, ASVS_MAP)) return [`${ASVS_MAP}: missing`];
  const rows = readAsvsMap(root);
  if (rows.length === 0) return [`${ASVS_MAP}: no table rows`];
  return rows.flatMap((row) => {
    const where = `${ASVS_MAP}: ${row.item}`;
    const problems = row.unproven.map((text) => `${where}: not a proof: ${text}`);
    if (row.proofs.length === 0) problems.push(`${where}: no test proves it`);
    for (const { file, title } of row.proofs) {
      if (!/\.(e2e-)?spec\.ts$/.test(file)) problems.push(`${where}: ${file} is not a test file`);
      else if (!fileExists(root, file)) problems.push(`${where}: ${file} does not exist`);
      else if (!declaresTest(readText(root, file), title))
        problems.push(`${where}: ${file} has no test "${title}"`);
    }
    return problems;
  });
}
