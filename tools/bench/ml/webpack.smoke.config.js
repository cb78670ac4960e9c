// Bundles worker-smoke.ts the way the ml-cli app will be bundled (one main.js, target node) to
// check that forest workers survive bundling and minification:
//   npx webpack --config tools/bench/ml/webpack.smoke.config.js [--env minify]
//   node "$(node -p "require('os').tmpdir()")/ml-worker-smoke/main.js"
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '../../..');

module.exports = (env = {}) => ({
  mode: env.minify ? 'production' : 'development',
  target: 'node',
  devtool: false,
  entry: join(__dirname, 'worker-smoke.ts'),
  output: { path: join(tmpdir(), 'ml-worker-smoke'), filename: 'main.js', clean: true },
  optimization: { minimize: Boolean(env.minify) },
  resolve: {
    extensions: ['.ts', '.js'],
    alias: { '@gatehouse/ml': join(root, 'libs/ml/src/index.ts') },
  },
  module: {
    rules: [
      {
        test: /\.ts$/,
        loader: 'ts-loader',
        options: { transpileOnly: true, configFile: join(__dirname, 'tsconfig.json') },
      },
    ],
  },
});
