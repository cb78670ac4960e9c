import { normalizeEmail } from '@gatehouse/domain';
import { Transform } from 'class-transformer';

/** Trims strings; leaves other types alone so the validators report them. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Emails are stored trimmed, lower-cased and in NFC (see normalizeEmail). */
export const NormalizeEmail = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? normalizeEmail(value) : value,
  );
