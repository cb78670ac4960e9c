// Fails unless every end-to-end suite listed ran its PostgreSQL cases (and its SQLite ones):
// the suites skip PostgreSQL silently when it is unreachable, which CI must never accept.
import { readFileSync } from 'node:fs';

const suites = process.argv.slice(2);
let failed = false;
for (const suite of suites) {
  const path = `dist/test-results/${suite}.json`;
  let counts;
  try {
    counts = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    console.error(`check-database-suites: ${path} is missing: did the ${suite} e2e suite run?`);
    failed = true;
    continue;
  }
  console.log(
    `check-database-suites: ${suite}: ${counts.sqlite} SQLite and ${counts.postgres} PostgreSQL tests passed`,
  );
  if (counts.postgres === 0 || counts.sqlite === 0) {
    console.error(
      `check-database-suites: ${suite} ran no ${counts.postgres === 0 ? 'PostgreSQL' : 'SQLite'} tests`,
    );
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
