import { Transform } from 'class-transformer';

/** `true/1/yes/on` and `false/0/no/off/''` as booleans; anything else is left for @IsBoolean to refuse. */
export const toBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const v = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off', ''].includes(v)) return false;
    return value;
  });

/** A comma-separated value as a list of its trimmed, non-empty items. */
export const toList = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  );
