process.env.TZ = 'UTC';

const esmPackages = require('../../tools/jest/esm-packages.cjs');

/** End-to-end suites: the real HTTP app against real SQLite and PostgreSQL databases. */
module.exports = {
  displayName: 'auth-api-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  transform: {
    ...esmPackages.transform,
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  transformIgnorePatterns: esmPackages.transformIgnorePatterns,
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
  reporters: [
    'default',
    ['<rootDir>/../../tools/jest/database-suites-reporter.cjs', { name: 'auth-api' }],
  ],
};
