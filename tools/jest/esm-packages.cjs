/**
 * openid-client and its dependencies ship only ES modules. Node runs them (require(esm)), but
 * Jest's module system does not: these packages are compiled to CommonJS for the tests.
 */
const ESM_PACKAGES = ['openid-client', 'oauth4webapi', 'jose'];

module.exports = {
  transform: {
    [`/node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
};
