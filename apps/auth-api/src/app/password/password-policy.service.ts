import {
  CONTEXT_BLOCKED_WORDS,
  DomainError,
  DomainErrorCode,
  emailNameParts,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '@gatehouse/domain';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as enDictionary, translations } from '@zxcvbn-ts/language-en';

/** zxcvbn's cost grows with length; past this many characters a password is long enough. */
const ANALYSED_PREFIX = 64;
/** Below this zxcvbn score (0–4) a password falls to an online guessing attack. */
const MIN_SCORE = 2;

/**
 * NIST 800-63B / ASVS 6.2 password rules: length 8–128 as typed, no composition rules, and a
 * refusal of common or breached passwords (zxcvbn-ts's common-password list, l33t and reversed
 * variants included) and of passwords built on the email's name or the product's name.
 */
@Injectable()
export class PasswordPolicy implements OnModuleInit {
  private estimator?: ZxcvbnFactory;

  /** Built at start rather than on the first registration: it takes about 0.3 s. */
  onModuleInit(): void {
    this.zxcvbn();
  }

  private zxcvbn(): ZxcvbnFactory {
    return (this.estimator ??= new ZxcvbnFactory({
      dictionary: {
        ...commonDictionary,
        'commonWords-en': enDictionary['commonWords-en'],
        'firstnames-en': enDictionary['firstnames-en'],
        'lastnames-en': enDictionary['lastnames-en'],
      },
      graphs: adjacencyGraphs,
      translations,
      // Bounds the l33t matcher, which is otherwise exponential in substitutable characters.
      l33tMaxSubstitutions: 10,
    }));
  }

  /** Why the password is refused, or null when it is acceptable. */
  problem(password: string, email: string): string | null {
    if (password.length < PASSWORD_MIN_LENGTH) {
      return `password must be at least ${PASSWORD_MIN_LENGTH} characters`;
    }
    if (password.length > PASSWORD_MAX_LENGTH) {
      return `password must be at most ${PASSWORD_MAX_LENGTH} characters`;
    }
    const lowered = password.toLowerCase();
    const personal = emailNameParts(email).find((part) => lowered.includes(part));
    if (personal) return 'password must not contain your email address or its name';
    if (CONTEXT_BLOCKED_WORDS.some((word) => lowered.includes(word))) {
      return 'password must not contain the name of this service';
    }
    const result = this.zxcvbn().check(password.slice(0, ANALYSED_PREFIX), [
      ...emailNameParts(email),
      ...CONTEXT_BLOCKED_WORDS,
    ]);
    const [only] = result.sequence;
    if (
      result.sequence.length === 1 &&
      only?.pattern === 'dictionary' &&
      only.dictionaryName === 'passwords-common'
    ) {
      return 'password is too common: it appears in lists of breached passwords';
    }
    if (result.score < MIN_SCORE) {
      const hint = result.feedback.warning ?? result.feedback.suggestions[0] ?? 'add more words';
      return `password is too easy to guess: ${hint.replace(/\.$/, '')}`;
    }
    return null;
  }

  /** Throws WEAK_PASSWORD with the reason. */
  assertAcceptable(password: string, email: string): void {
    const problem = this.problem(password, email);
    if (problem) throw new DomainError(DomainErrorCode.WeakPassword, problem);
  }
}
