process.env.TZ = 'UTC';

/**
 * Browser suites: Debian's Chromium (playwright-core) against real auth-api and web processes.
 * One suite at a time: each starts its own pair of servers, and the machine has two cores.
 */
module.exports = {
  displayName: 'web-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
