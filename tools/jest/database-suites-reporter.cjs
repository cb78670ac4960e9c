// Counts the tests that passed per database ("[sqlite]" / "[postgres]" in their names) and
// writes them to dist/test-results/<name>.json, so .ci/run can prove no suite was skipped.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class DatabaseSuitesReporter {
  constructor(_globalConfig, options) {
    this.name = options.name;
  }

  onRunComplete(_contexts, results) {
    const counts = {
      sqlite: 0,
      postgres: 0,
      failed: results.numFailedTests,
      total: results.numTotalTests,
    };
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== 'passed') continue;
        if (test.fullName.includes('[postgres]')) counts.postgres += 1;
        if (test.fullName.includes('[sqlite]')) counts.sqlite += 1;
      }
    }
    const dir = join(__dirname, '..', '..', 'dist', 'test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${this.name}.json`), JSON.stringify(counts, null, 2));
  }
}

module.exports = DatabaseSuitesReporter;
