import type { MfaSetupResponse } from '@gatehouse/contracts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import { buildForm, type FieldSpec } from '../../common/forms/form-fields';
import { withNext } from '../../common/http/safe-redirect';
import type { Locale } from '../../config/app-config';
import { Translator } from '../../i18n/translator';
import type { FormState } from '../../session/flash';

/** View models of the signed-out pages: sign up, log in, 2FA step, verification, password reset. */
@Injectable()
export class AuthPresenter {
  constructor(private readonly translator: Translator) {}

  signup(locale: Locale, state?: FormState) {
    const t = this.t(locale);
    return {
      title: t('signup.title'),
      form: buildForm(
        'signup',
        [
          {
            name: 'email',
            label: t('fields.email'),
            type: 'email',
            autocomplete: 'email',
            required: true,
            maxlength: 254,
          },
          this.newPassword(locale, 'password'),
          {
            name: 'firstName',
            label: t('fields.firstName'),
            autocomplete: 'given-name',
            required: false,
            maxlength: 100,
          },
          {
            name: 'lastName',
            label: t('fields.lastName'),
            autocomplete: 'family-name',
            required: false,
            maxlength: 100,
          },
        ],
        state,
        true,
      ),
    };
  }

  login(locale: Locale, next: string, state?: FormState) {
    const t = this.t(locale);
    return {
      title: t('login.title'),
      next,
      form: buildForm(
        'login',
        [
          {
            name: 'email',
            label: t('fields.email'),
            type: 'email',
            // `webauthn`: the browser may offer passkeys in this field's autofill (passkeys.js).
            autocomplete: 'username webauthn',
            required: true,
          },
          {
            name: 'password',
            label: t('fields.password'),
            type: 'password',
            autocomplete: 'current-password',
            required: true,
          },
        ],
        state,
        true,
      ),
    };
  }

  loginMfa(locale: Locale, next: string, pending: boolean, state?: FormState) {
    const t = this.t(locale);
    return {
      title: t('loginMfa.title'),
      next,
      pending,
      form: buildForm('mfa', [this.code(locale)], state, true),
    };
  }

  /** The enrolment step of an admin's sign-in: why (intro), or that it has expired. */
  mfaEnrollment(locale: Locale, next: string, step: 'intro' | 'expired') {
    return {
      title: this.t(locale)('mfaEnrollment.title'),
      next,
      restart: withNext('/login', next),
      intro: step === 'intro',
      expired: step === 'expired',
    };
  }

  mfaEnrollmentSetup(
    locale: Locale,
    next: string,
    setup: Pick<MfaSetupResponse, 'secret' | 'otpauthUrl'> & { qr: string },
    state?: FormState,
  ) {
    return {
      title: this.t(locale)('mfaEnrollment.title'),
      next,
      setup: { ...setup, secretGroups: setup.secret.replace(/(.{4})/g, '$1 ').trim() },
      form: buildForm(
        'mfa-enrollment',
        [
          {
            ...this.code(locale),
            inputmode: 'numeric',
            maxlength: 7,
            hint: this.t(locale)('mfaEnrollment.codeHint'),
          },
        ],
        state,
        true,
      ),
    };
  }

  /** Signed in now: the recovery codes, once, then on to where the admin was going. */
  mfaEnrollmentCodes(locale: Locale, next: string, codes: string[]) {
    return {
      title: this.t(locale)('twoFactor.codesTitle'),
      codes,
      continueTo: next === '/dashboard' ? '/admin' : next,
    };
  }

  verifyEmail(locale: Locale, token: string) {
    return { title: this.t(locale)('verifyEmail.title'), token, hasToken: token.length > 0 };
  }

  resendVerification(locale: Locale, email: string, state?: FormState) {
    const t = this.t(locale);
    return {
      title: t('resend.title'),
      form: buildForm(
        'resend',
        [
          {
            name: 'email',
            label: t('fields.email'),
            type: 'email',
            autocomplete: 'email',
            required: true,
            value: email,
          },
        ],
        state,
        true,
      ),
    };
  }

  forgotPassword(locale: Locale, state?: FormState) {
    const t = this.t(locale);
    return {
      title: t('forgot.title'),
      form: buildForm(
        'forgot',
        [
          {
            name: 'email',
            label: t('fields.email'),
            type: 'email',
            autocomplete: 'email',
            required: true,
          },
        ],
        state,
        true,
      ),
    };
  }

  resetPassword(locale: Locale, token: string, state?: FormState) {
    return {
      title: this.t(locale)('reset.title'),
      token,
      hasToken: token.length > 0,
      form: buildForm('reset', [this.newPassword(locale, 'password')], state, true),
    };
  }

  /** A password being set: the policy in a hint, a password manager's "new password". */
  newPassword(locale: Locale, name: string, label = 'fields.newPassword'): FieldSpec {
    const t = this.t(locale);
    return {
      name,
      label: t(label),
      type: 'password',
      autocomplete: 'new-password',
      required: true,
      maxlength: PASSWORD_MAX_LENGTH,
      hint: t('fields.passwordHint', { min: PASSWORD_MIN_LENGTH }),
    };
  }

  code(locale: Locale): FieldSpec {
    const t = this.t(locale);
    return {
      name: 'code',
      label: t('fields.code'),
      autocomplete: 'one-time-code',
      inputmode: 'text',
      required: true,
      maxlength: 12,
      hint: t('fields.codeHint'),
    };
  }

  private t(locale: Locale) {
    return (key: string, params?: Record<string, string | number>) =>
      this.translator.t(locale, key, params);
  }
}
