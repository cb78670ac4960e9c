import { fromAcceptLanguage, pickLocale } from './locale';

describe(fromAcceptLanguage.name, () => {
  it.each([
    ['fr-CH, fr;q=0.9, en;q=0.8', 'fr'],
    ['de-DE, en;q=0.5, fr;q=0.7', 'fr'],
    ['en-GB,en;q=0.9', 'en'],
    ['*;q=0.5, fr;q=0', undefined],
    ['de', undefined],
    ['', undefined],
  ])('%p → %p', (header, expected) => {
    expect(fromAcceptLanguage(header)).toBe(expected);
  });
});

describe(pickLocale.name, () => {
  it('prefers the switcher cookie, then the header, then the default', () => {
    expect(pickLocale('en', 'fr', 'fr')).toBe('en');
    expect(pickLocale(undefined, 'fr-FR', 'en')).toBe('fr');
    expect(pickLocale('xx', 'de', 'fr')).toBe('fr');
  });
});
