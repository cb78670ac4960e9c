import { logRedactionPaths, SECRET_FIELDS } from './secret-fields';

describe('logRedactionPaths', () => {
  it('covers the credential headers and every secret field, plus an app’s own', () => {
    const paths = logRedactionPaths(['_csrf']);
    expect(paths).toEqual(
      expect.arrayContaining([
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*._csrf',
        ...SECRET_FIELDS.map((field) => `*.${field}`),
      ]),
    );
    expect(logRedactionPaths()).not.toContain('*._csrf');
  });

  it('names the fields of the contracts that carry secrets', () => {
    for (const field of ['password', 'newPassword', 'refresh_token', 'mfa_token', 'code'])
      expect(SECRET_FIELDS).toContain(field);
  });
});
