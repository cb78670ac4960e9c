import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RegisterUserDto } from './register-user.dto';

const parse = (plain: Record<string, unknown>) => {
  const dto = plainToInstance(RegisterUserDto, plain);
  return { dto, errors: validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }) };
};

describe(RegisterUserDto.name, () => {
  it('trims and lower-cases the email but keeps the password exactly as typed', () => {
    const { dto, errors } = parse({
      email: '  Ada@Example.COM ',
      password: '  Pass Phrase  ',
      firstName: ' Ada ',
    });
    expect(errors).toEqual([]);
    expect(dto.email).toBe('ada@example.com');
    expect(dto.password).toBe('  Pass Phrase  ');
    expect(dto.firstName).toBe('Ada');
  });

  it('reports each invalid field', () => {
    const { errors } = parse({
      email: 'nope',
      password: 'short',
      lastName: 'x'.repeat(101),
      role: 'admin',
    });
    expect(errors.map((e) => e.property).sort()).toEqual(['email', 'lastName', 'password', 'role']);
  });

  it('refuses non-string values instead of coercing them', () => {
    const { errors } = parse({ email: ['a@b.co'], password: 12345678 });
    expect(errors.map((e) => e.property).sort()).toEqual(['email', 'password']);
  });

  it('accepts a 128-character password and refuses 129', () => {
    expect(parse({ email: 'a@b.co', password: 'x'.repeat(128) }).errors).toEqual([]);
    expect(parse({ email: 'a@b.co', password: 'x'.repeat(129) }).errors).toHaveLength(1);
  });

  it('composes the email (NFC) and refuses invisible characters with one message', () => {
    expect(parse({ email: 'Zoe\u0301@Example.com', password: 'x'.repeat(8) }).dto.email).toBe(
      'zo\u00e9@example.com',
    );
    const { errors } = parse({ email: 'ada\u200b@example.com', password: 'x'.repeat(8) });
    expect(errors.map((e) => e.constraints)).toEqual([
      { isAcceptableEmail: 'email must not contain invisible or control characters' },
    ]);
  });
});
