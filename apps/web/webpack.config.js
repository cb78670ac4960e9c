const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/web'),
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
      // Read at run time next to main.js (see src/config/asset-paths.ts). The compiled,
      // hashed CSS/JS come from `nx run web:build-assets`, which `build` depends on.
      assets: [
        { input: './src/views', glob: '**/*.hbs', output: 'views' },
        { input: './src/locales', glob: '*.json', output: 'locales' },
        { input: '../../dist/apps/web-assets', glob: '**/*', output: 'public' },
      ],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
  ],
};
