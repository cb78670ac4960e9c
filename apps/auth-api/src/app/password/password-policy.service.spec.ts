import { type DomainError, DomainErrorCode } from '@gatehouse/domain';
import { PasswordPolicy } from './password-policy.service';

describe(PasswordPolicy.name, () => {
  const sut = new PasswordPolicy();
  beforeAll(() => sut.onModuleInit());

  it.each(['correct horse battery staple', 'Tr0ub4dor&3-violet', 'aB3$xY9!qLmP', 'ß∂ƒ©˙∆˚¬…æ'])(
    'accepts a strong password: %s',
    (password) => {
      expect(sut.problem(password, 'ada@example.com')).toBeNull();
    },
  );

  it.each([
    'password123',
    'qwertyuiop',
    'iloveyou1',
    '12345678',
    'Password1',
    'drowssap123',
    'p@ssw0rd1',
    'P4ssw0rd!',
  ])('refuses a common or breached password: %s', (password) => {
    expect(sut.problem(password, 'ada@example.com')).toMatch(/too common|too easy to guess/);
  });

  it('refuses a password containing the email name, in any case', () => {
    expect(sut.problem('Lovelace-rocks-1842', 'ada.lovelace@example.com')).toMatch(/email/);
    expect(sut.problem('my-ADA.LOVELACE-pw', 'ada.lovelace@example.com')).toMatch(/email/);
  });

  it('refuses the product name', () => {
    expect(sut.problem('my-gatehouse-pass-9', 'ada@example.com')).toMatch(/name of this service/);
  });

  it('enforces 8 to 128 characters, counting spaces as typed', () => {
    expect(sut.problem('x7#Qp2!', 'ada@example.com')).toMatch(/at least 8/);
    expect(sut.problem(' x7#Qp2!', 'ada@example.com')).toBeNull();
    expect(sut.problem('a1!B'.repeat(33), 'ada@example.com')).toMatch(/at most 128/);
    expect(sut.problem('v9$Lr'.repeat(25) + 'xyz', 'ada@example.com')).toBeNull();
  });

  it('judges a 120-character password by its first 64 characters', () => {
    expect(sut.problem('aB3$xY9!qL'.repeat(12), 'ada@example.com')).toBeNull();
    expect(sut.problem('password'.repeat(15), 'ada@example.com')).toMatch(/too easy to guess/);
  });

  it('throws a coded WEAK_PASSWORD error with the reason', () => {
    expect(() => sut.assertAcceptable('password123', 'ada@example.com')).toThrow(
      expect.objectContaining({ code: DomainErrorCode.WeakPassword }) as DomainError,
    );
  });
});
