process.env.TZ = 'UTC';

module.exports = {
  displayName: 'web',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // @fastify/cookie loads its ESM-only `cookie` with import(), which Jest's CommonJS runtime
    // cannot do: both are compiled to CommonJS for the tests (Node runs them as they are).
    '^.+\\.js$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.esm-deps.json', diagnostics: false }],
  },
  transformIgnorePatterns: ['^(?!.*/@fastify/cookie/).*/node_modules/'],
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/web',
};
