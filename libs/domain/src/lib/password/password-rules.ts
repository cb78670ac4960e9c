/** NIST SP 800-63B / ASVS 6.2: length is the rule; no composition rules, no rotation. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Words that make a password guessable in this product's context (ASVS 6.2.11). */
export const CONTEXT_BLOCKED_WORDS: readonly string[] = ['gatehouse'];

/**
 * The parts of an email address a password must not contain: the whole local part and its
 * longer pieces ("ada.lovelace@x.io" → "ada.lovelace", "lovelace", "ada").
 */
export function emailNameParts(email: string): string[] {
  const local = email.trim().toLowerCase().split('@')[0] ?? '';
  const parts = local.split(/[._+-]+/).filter((p) => p.length >= 3);
  return [...new Set([local, ...parts].filter((p) => p.length >= 3))];
}
