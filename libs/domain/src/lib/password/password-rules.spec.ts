import { emailNameParts } from './password-rules';

describe(emailNameParts.name, () => {
  it('returns the local part and its longer pieces, lower-cased', () => {
    expect(emailNameParts(' Ada.Lovelace@Example.com ')).toEqual([
      'ada.lovelace',
      'ada',
      'lovelace',
    ]);
  });

  it('drops pieces too short to matter', () => {
    expect(emailNameParts('jo.x@example.com')).toEqual(['jo.x']);
    expect(emailNameParts('ab@example.com')).toEqual([]);
  });
});
