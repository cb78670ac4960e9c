process.env.TZ = 'UTC';

const esmPackages = require('../../tools/jest/esm-packages.cjs');

module.exports = {
  displayName: 'auth-api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  transform: {
    ...esmPackages.transform,
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  transformIgnorePatterns: esmPackages.transformIgnorePatterns,
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/auth-api',
};
