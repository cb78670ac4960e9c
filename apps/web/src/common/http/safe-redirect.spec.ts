import { loginUrl, refererPath, safeNext } from './safe-redirect';

describe(safeNext.name, () => {
  it.each([
    ['/admin/users?q=ada', '/admin/users?q=ada'],
    ['/dashboard#sessions', '/dashboard#sessions'],
    ['/a/../admin', '/admin'],
  ])('keeps the same-site path %s', (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });

  it.each([
    '//evil.example/x',
    '/\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'dashboard',
    '/\tevil',
    '',
    '/x'.repeat(2000),
    undefined,
    ['/admin'],
  ])('refuses %p', (input) => {
    expect(safeNext(input)).toBe('/dashboard');
  });
});

describe(loginUrl.name, () => {
  it('carries where the user was going, except the default', () => {
    expect(loginUrl('/admin/audit?type=login.failed')).toBe(
      '/login?next=%2Fadmin%2Faudit%3Ftype%3Dlogin.failed',
    );
    expect(loginUrl('/dashboard')).toBe('/login');
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
});
