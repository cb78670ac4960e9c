import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface AssetPaths {
  /** Handlebars templates: `<feature>/*.hbs`, `layouts/`, `partials/`. */
  views: string;
  /** Message catalogs: `en.json`, `fr.json`. */
  locales: string;
  /** Hashed CSS, JS and icons plus their manifest.json (built by `nx run web:build-assets`). */
  public: string;
}

/**
 * Built (dist/apps/web/main.js): views, locales and public sit next to main.js. From source
 * (tests, ts-node): the src folder, with the compiled assets in dist/apps/web-assets.
 */
export function resolveAssetPaths(): AssetPaths {
  const candidates = [process.argv[1] ? dirname(resolve(process.argv[1])) : '', __dirname];
  const built = candidates.find(
    (dir) =>
      dir &&
      existsSync(join(dir, 'views', 'layouts')) &&
      existsSync(join(dir, 'public', 'manifest.json')),
  );
  if (built)
    return {
      views: join(built, 'views'),
      locales: join(built, 'locales'),
      public: join(built, 'public'),
    };
  const src = resolve(__dirname, '..');
  return {
    views: join(src, 'views'),
    locales: join(src, 'locales'),
    public: resolve(src, '..', '..', '..', 'dist', 'apps', 'web-assets'),
  };
}

/** Logical asset name (`app.css`) → hashed file name (`app.3f9a1c2b.css`). */
export type AssetManifest = Readonly<Record<string, string>>;

export function readManifest(publicDir: string): AssetManifest {
  try {
    return JSON.parse(readFileSync(join(publicDir, 'manifest.json'), 'utf8')) as AssetManifest;
  } catch {
    return {};
  }
}
