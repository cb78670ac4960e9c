import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Locale, LOCALES } from '../config/app-config';

export type Params = Record<string, string | number | undefined | null>;
type Catalog = ReadonlyMap<string, string>;

/** `{"a": {"b": "x"}}` → `a.b = x`. */
function flatten(
  tree: Record<string, unknown>,
  prefix = '',
  out = new Map<string, string>(),
): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else if (value && typeof value === 'object')
      flatten(value as Record<string, unknown>, path, out);
  }
  return out;
}

/**
 * The message catalogs (src/locales/<locale>.json). Missing French strings fall back to
 * English, then to the key itself, so a gap shows up on the page instead of crashing it;
 * the catalog spec keeps both files in step.
 */
export class Translator {
  private readonly formats = new Map<string, Intl.DateTimeFormat>();

  constructor(private readonly catalogs: Readonly<Record<Locale, Catalog>>) {}

  static load(dir: string): Translator {
    const entries = LOCALES.map((locale) => {
      const tree = JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Record<
        string,
        unknown
      >;
      return [locale, flatten(tree)] as const;
    });
    return new Translator(Object.fromEntries(entries) as unknown as Record<Locale, Catalog>);
  }

  keys(locale: Locale): string[] {
    return [...this.catalogs[locale].keys()];
  }

  has(key: string): boolean {
    return this.catalogs.en.has(key);
  }

  t(locale: Locale, key: string, params: Params = {}): string {
    const text = this.catalogs[locale].get(key) ?? this.catalogs.en.get(key) ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined || value === null ? whole : String(value);
    });
  }

  /** "25 Nov 2026, 10:00 UTC" / "25 nov. 2026, 10:00 UTC": the server does not know the user's zone. */
  dateTime(locale: Locale, iso: string | Date): string {
    return (
      this.format(locale, 'datetime', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'UTC',
      }).format(new Date(iso)) + ' UTC'
    );
  }

  date(
    locale: Locale,
    iso: string | Date,
    options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
  ): string {
    return this.format(locale, JSON.stringify(options), { ...options, timeZone: 'UTC' }).format(
      new Date(iso),
    );
  }

  number(locale: Locale, value: number): string {
    return new Intl.NumberFormat(locale).format(value);
  }

  private format(
    locale: Locale,
    name: string,
    options: Intl.DateTimeFormatOptions,
  ): Intl.DateTimeFormat {
    const key = `${locale}|${name}`;
    let format = this.formats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', options);
      this.formats.set(key, format);
    }
    return format;
  }
}
