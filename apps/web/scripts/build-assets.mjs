// Builds the web app's static assets into dist/apps/web-assets: the Tailwind stylesheet
// (minified), the progressive-enhancement scripts (passkeys.js with @simplewebauthn/browser's
// bundle) and the icon, each renamed with its content
// hash (served with a one-year immutable cache), plus manifest.json mapping logical names to
// hashed ones (read by the app at start). Run by `nx run web:build-assets`, before `build`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(project, '..', '..');
const out = join(root, 'dist', 'apps', 'web-assets');
const scratch = mkdtempSync(join(tmpdir(), 'web-assets-'));

try {
  const css = join(scratch, 'app.css');
  execFileSync(
    join(root, 'node_modules', '.bin', 'tailwindcss'),
    ['-i', join(project, 'src', 'styles', 'app.css'), '-o', css, '--minify'],
    { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const sources = {
    'app.css': css,
    'app.js': join(project, 'src', 'public', 'app.js'),
    'passkeys.js': join(project, 'src', 'public', 'passkeys.js'),
    // @simplewebauthn/browser as a UMD bundle: window.SimpleWebAuthnBrowser.
    'webauthn.js': join(
      root,
      'node_modules',
      '@simplewebauthn',
      'browser',
      'dist',
      'bundle',
      'index.umd.min.js',
    ),
    'favicon.svg': join(project, 'src', 'public', 'favicon.svg'),
  };
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const manifest = {};
  for (const [name, path] of Object.entries(sources)) {
    const content = readFileSync(path);
    const hash = createHash('sha256').update(content).digest('hex').slice(0, 10);
    const hashed = name.replace(/\.(\w+)$/, `.${hash}.$1`);
    writeFileSync(join(out, hashed), content);
    manifest[name] = hashed;
  }
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`web assets: ${Object.values(manifest).join(', ')}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
