/**
 * One address, one account. Emails are kept as typed but trimmed, lower-cased and in Unicode
 * NFC (so the two encodings of "é" are one string), and compared by a key that also folds
 * compatibility forms (NFKC: full-width "ａｄａ" is "ada"). Characters nobody can see or type
 * on purpose (controls, zero-width and direction marks, other default-ignorables, separators)
 * are refused rather than stripped: an address holding one is not the address it looks like.
 */

/** RFC 5321 caps a forward path at 254 characters; the comparison key is held to it too. */
export const EMAIL_MAX_LENGTH = 254;

const INVISIBLE_OR_CONTROL =
  /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\p{Default_Ignorable_Code_Point}]/u;

/** The form an email is stored and shown in: trimmed, lower-cased, NFC. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase().normalize('NFC');
}

/** What two addresses must differ in to be two accounts (stored, unique, used by lookups). */
export function emailKey(email: string): string {
  return normalizeEmail(email).normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** True when the (trimmed) address holds a control, format, private-use or invisible character. */
export function hasInvisibleCharacters(email: string): boolean {
  return INVISIBLE_OR_CONTROL.test(email.trim());
}
