/**
 * Static checks of the deployment files (Dockerfiles, docker-compose.yml, .env.example,
 * Terraform, GitHub workflows) against the apps' sources. Each check also runs on broken copies
 * of those files (temp dirs), which it must reject.
 */
process.env.TZ = 'UTC';

module.exports = {
  displayName: 'infra-checks',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // The app config classes, loaded by app-config.spec.ts, use decorator metadata.
  setupFiles: ['reflect-metadata'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testTimeout: 60_000,
  coverageDirectory: '../../coverage/tools/infra-checks',
};
