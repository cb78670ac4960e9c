import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveAssetPaths } from '../config/asset-paths';
import { Translator } from './translator';

const paths = resolveAssetPaths();
const sut = Translator.load(paths.locales);

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, suffix);
    return path.endsWith(suffix) && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe(Translator.name, () => {
  it('has the same keys in English and French', () => {
    expect(sut.keys('fr').sort()).toEqual(sut.keys('en').sort());
  });

  it('has every key the templates use', () => {
    const used = filesUnder(paths.views, '.hbs').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\{\{t "([^"]+)"/g)].map((m) => m[1] ?? ''),
    );
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((key) => !sut.has(key))).toEqual([]);
  });

  it('has every flash and message key the code uses', () => {
    const used = filesUnder(join(paths.views, '..'), '.ts').flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /'((?:flash|validation|apiErrors|errors|admin|dashboard|sessions|twoFactor|fields)\.[A-Za-z.]+)'/g,
        ),
      ].map((m) => m[1] ?? ''),
    );
    expect(used.length).toBeGreaterThan(40);
    expect(used.filter((key) => !sut.has(key))).toEqual([]);
  });

  it('fills parameters and falls back to English, then to the key', () => {
    const partial = new Translator({
      en: new Map([
        ['a', 'Hello, {name}'],
        ['b', 'only English'],
      ]),
      fr: new Map([['a', 'Bonjour, {name}']]),
    });
    expect(partial.t('fr', 'a', { name: 'Ada' })).toBe('Bonjour, Ada');
    expect(partial.t('fr', 'b')).toBe('only English');
    expect(partial.t('fr', 'missing.key')).toBe('missing.key');
    expect(partial.t('en', 'a')).toBe('Hello, {name}');
  });

  it('formats dates per language, in UTC', () => {
    expect(sut.dateTime('en', '2026-11-25T10:05:00Z')).toBe('25 Nov 2026, 10:05 UTC');
    expect(sut.dateTime('fr', '2026-11-25T10:05:00Z')).toBe('25 nov. 2026, 10:05 UTC');
    expect(sut.date('fr', '2026-02-01', { day: 'numeric', month: 'short' })).toBe('1 févr.');
  });
});
