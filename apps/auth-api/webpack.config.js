const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/auth-api'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      // Types are checked by the typecheck target (and CI); the build only transpiles.
      typeCheckOptions: false,
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      // Mail templates are read at run time from mail-templates/ beside main.js.
      assets: [{ input: './src/app/mail/templates', glob: '*.hbs', output: 'mail-templates' }],
      optimization: false,
      outputHashing: 'none',
      // A pruned package.json for the container image (npm ci --omit=dev in dist).
      generatePackageJson: true,
      sourceMap: true,
    }),
  ],
};
