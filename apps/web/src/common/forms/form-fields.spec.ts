import { buildForm, field, fields } from './form-fields';

const specs = [
  { name: 'email', label: 'Email', type: 'email' as const, required: true },
  {
    name: 'password',
    label: 'Password',
    type: 'password' as const,
    required: true,
    hint: 'At least 8',
  },
  { name: 'firstName', label: 'First name', required: false },
];

describe(buildForm.name, () => {
  it('re-fills fields but never a password, and focuses the first invalid field', () => {
    const sut = buildForm('signup', specs, {
      form: 'signup',
      values: { email: 'ada@example.com', password: 'secret', firstName: 'Ada' },
      errors: { password: ['Too common.'] },
    });
    const [email, password, first] = sut.fields;
    expect(email).toMatchObject({ value: 'ada@example.com', invalid: false, autofocus: false });
    expect(password).toMatchObject({
      value: '',
      invalid: true,
      autofocus: true,
      errorText: 'Too common.',
      describedBy: 'signup-password-error signup-password-hint',
    });
    expect(first).toMatchObject({ value: 'Ada', optional: true });
    expect(sut.summary?.items).toEqual([
      { href: '#signup-password', text: 'Password: Too common.' },
    ]);
  });

  it('focuses the first field of a fresh form when asked, and has no summary', () => {
    const sut = buildForm('login', specs, undefined, true);
    expect(sut.fields.map((f) => f.autofocus)).toEqual([true, false, false]);
    expect(sut.summary).toBeUndefined();
  });

  it('shows a form-level message without focusing a field', () => {
    const sut = buildForm(
      'login',
      specs,
      { form: 'login', values: {}, errors: {}, message: 'Wrong password.' },
      true,
    );
    expect(sut.summary).toEqual({ items: [], message: 'Wrong password.' });
    expect(sut.fields.some((f) => f.autofocus)).toBe(false);
  });
});

describe('form values', () => {
  it('reads strings only', () => {
    expect(field({ a: 'x', b: ['y', 'z'], c: 3 }, 'a')).toBe('x');
    expect(field({ b: ['y', 'z'] }, 'b')).toBe('y');
    expect(field({ c: 3 }, 'c')).toBe('');
    expect(field(undefined, 'a')).toBe('');
    expect(fields({ roles: ['admin', 'user'] }, 'roles')).toEqual(['admin', 'user']);
    expect(fields({ roles: 'user' }, 'roles')).toEqual(['user']);
    expect(fields({}, 'roles')).toEqual([]);
  });
});
