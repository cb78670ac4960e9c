const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // content-disposition 3 (used by @fastify/static) ships ESM only. Node 20.19+ requires it
  // natively; Jest's CommonJS runtime cannot, so tests get the CommonJS 1.x release.
  moduleNameMapper: { '^content-disposition$': 'content-disposition-cjs' },
};
