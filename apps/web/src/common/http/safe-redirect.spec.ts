import fc from 'fast-check';
import { HOSTILE_NEXT } from '../../../test/support/hostile-next';
import { confirmUrl, loginUrl, refererPath, safeNext } from './safe-redirect';

const SITE = 'https://gatehouse.example';

/** Where a browser goes on `Location: <location>` from a page of this site (WHATWG URL). */
const resolve = (location: string, from = '/login') => new URL(location, SITE + from);

/** One more percent-decoding, as a careless layer might do (unchanged when malformed). */
const decodedAgain = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

describe(safeNext.name, () => {
  it.each([
    ['/admin/users?q=ada', '/admin/users?q=ada'],
    ['/dashboard#sessions', '/dashboard#sessions'],
    ['/a/../admin', '/admin'],
    ['/admin/audit?type=login.failed&page=2', '/admin/audit?type=login.failed&page=2'],
    ['/admin/users?q=50%25', '/admin/users?q=50%25'],
  ])('keeps the same-site path %s', (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });

  it.each(HOSTILE_NEXT)('never leaves the site for %j', (input) => {
    const out = safeNext(input);
    expect(resolve(out).origin).toBe(SITE);
    expect(resolve(out, '/login/mfa').origin).toBe(SITE);
    expect(resolve(decodedAgain(out).normalize('NFKC')).origin).toBe(SITE);
  });

  it.each([
    '//evil.example/x',
    '/.//evil.example/phish',
    '/%2e//evil.example',
    '/%2f%2fevil.example',
    '/%252f%252fevil.example',
    '/\\evil.example',
    '/%',
    '/a%zz?b',
    'https://evil.example/',
    'javascript:alert(1)',
    'dashboard',
    '/\tevil',
    '',
    '/x'.repeat(2000),
    undefined,
    ['/admin'],
  ])('falls back to /dashboard for %p', (input) => {
    expect(safeNext(input)).toBe('/dashboard');
  });

  it('uses the given fallback', () => {
    expect(safeNext('/.//evil.example', '/')).toBe('/');
  });

  /** Path pieces an attacker would combine: separators, dot segments, encodings, controls. */
  const fragment = fc.oneof(
    fc.constantFrom(
      '/',
      '//',
      '\\',
      '.',
      '..',
      '%2e',
      '%2E%2e',
      '%2f',
      '%2F',
      '%5c',
      '%5C',
      '%25',
      '%252f',
      '%25252F',
      '%09',
      '%0a',
      '%00',
      '\t',
      '\n',
      '\r',
      ' ',
      '\u0000',
      '\u007f',
      '\u00a0',
      '\u2215',
      '\uff0f',
      '\uff3c',
      '\u3002',
      '@',
      ':',
      '?',
      '#',
      '&',
      'https:',
      'javascript:',
      'evil.example',
      'dashboard',
      'admin',
    ),
    fc.string({ unit: 'binary', maxLength: 4 }),
  );
  const hostile = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));

  it('always gives a path that a browser resolves to this site, and that stays safe as it travels', () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom('/login', '/login/mfa', '/a/b/c?d=e'), (input, from) => {
        const out = safeNext(input);
        // A path on this site, also once another layer decodes it (a double-decoding bug).
        expect(out.startsWith('/')).toBe(true);
        expect(resolve(out, from).origin).toBe(SITE);
        expect(resolve(decodedAgain(out), from).origin).toBe(SITE);
        expect(resolve(decodedAgain(out).normalize('NFKC'), from).origin).toBe(SITE);
        // A valid header value, unchanged by another pass (hidden fields, ?next= round trips).
        expect(out).toMatch(/^[\x21-\x7e]{1,2048}$/);
        expect(safeNext(out)).toBe(out);
      }),
      { numRuns: 5000 },
    );
  });
});

describe(loginUrl.name, () => {
  it('carries where the user was going, except the default', () => {
    expect(loginUrl('/admin/audit?type=login.failed')).toBe(
      '/login?next=%2Fadmin%2Faudit%3Ftype%3Dlogin.failed',
    );
    expect(loginUrl('/dashboard')).toBe('/login');
  });

  it('drops a hostile path', () => {
    expect(loginUrl('/.//evil.example/phish')).toBe('/login');
  });
});

describe(refererPath.name, () => {
  it('uses a same-host Referer only', () => {
    expect(refererPath('http://web.local/admin/users?page=2', 'web.local', '/dashboard')).toBe(
      '/admin/users?page=2',
    );
    expect(refererPath('https://evil.example/admin', 'web.local', '/dashboard')).toBe('/dashboard');
    expect(refererPath(undefined, 'web.local', '/dashboard')).toBe('/dashboard');
  });

  it.each(HOSTILE_NEXT.filter((n) => n.startsWith('/')))(
    'keeps a same-host Referer with path %j on this site',
    (path) => {
      const out = refererPath(`http://web.local${path}`, 'web.local', '/dashboard');
      expect(resolve(out).origin).toBe(SITE);
    },
  );
});

describe(confirmUrl.name, () => {
  it('returns to the page of the action; a POST-only step under /dashboard/ to the dashboard', () => {
    expect(confirmUrl('/dashboard')).toBe('/confirm?next=%2Fdashboard');
    expect(confirmUrl('/dashboard/2fa/setup')).toBe('/confirm?next=%2Fdashboard');
    expect(confirmUrl('/admin/users?page=2')).toBe('/confirm?next=%2Fadmin%2Fusers%3Fpage%3D2');
  });

  it.each(HOSTILE_NEXT)('keeps the hostile next %j on this site', (next) => {
    const carried = decodeURIComponent(confirmUrl(next).replace('/confirm?next=', ''));
    expect(resolve(carried).origin).toBe(SITE);
    expect(safeNext(carried)).toBe(carried);
  });
});
