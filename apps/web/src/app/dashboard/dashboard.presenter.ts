import type {
  MfaSetupResponse,
  PasskeyResponse,
  SessionResponse,
  UserResponse,
} from '@gatehouse/contracts';
import { Injectable } from '@nestjs/common';
import { buildForm, type FieldSpec } from '../../common/forms/form-fields';
import { toViewer } from '../../common/view/page-context';
import type { Locale } from '../../config/app-config';
import { Translator } from '../../i18n/translator';
import type { FormState } from '../../session/flash';
import { AuthPresenter } from '../auth/auth.presenter';
import { passkeysView } from '../passkeys/passkeys.view';
import { describeUserAgent } from './user-agent';

export interface DashboardForms {
  profile?: FormState;
  password?: FormState;
  mfaDisable?: FormState;
  email?: FormState;
  passkeys?: FormState;
}

/** View models of the signed-in pages: the dashboard and the 2FA setup steps. */
@Injectable()
export class DashboardPresenter {
  constructor(
    private readonly translator: Translator,
    private readonly auth: AuthPresenter,
  ) {}

  dashboard(
    locale: Locale,
    user: UserResponse,
    sessions: SessionResponse[],
    passkeys: PasskeyResponse[],
    forms: DashboardForms,
  ) {
    const t = (key: string, params?: Record<string, string | number>) =>
      this.translator.t(locale, key, params);
    const viewer = toViewer(user);
    const ordered = [...sessions].sort(
      (a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt),
    );
    return {
      title: t('dashboard.title'),
      section: 'dashboard',
      viewer,
      user: {
        email: user.email,
        greeting: user.firstName
          ? t('dashboard.greeting', { name: user.firstName })
          : t('dashboard.welcome'),
        verified: user.isVerified,
        mfaEnabled: user.mfaEnabled,
        memberSince: t('dashboard.memberSince', {
          date: this.translator.date(locale, user.createdAt),
        }),
        roles: user.roles.join(', '),
      },
      profileForm: buildForm(
        'profile',
        [
          {
            name: 'firstName',
            label: t('fields.firstName'),
            autocomplete: 'given-name',
            maxlength: 100,
            value: user.firstName,
            required: false,
          },
          {
            name: 'lastName',
            label: t('fields.lastName'),
            autocomplete: 'family-name',
            maxlength: 100,
            value: user.lastName,
            required: false,
          },
        ],
        forms.profile,
      ),
      passwordForm: buildForm(
        'password',
        [
          {
            name: 'currentPassword',
            label: t('fields.currentPassword'),
            type: 'password',
            autocomplete: 'current-password',
            required: true,
          },
          this.auth.newPassword(locale, 'newPassword'),
        ],
        forms.password,
      ),
      mfaDisableForm: buildForm(
        'mfa-disable',
        [
          {
            name: 'password',
            label: t('fields.password'),
            type: 'password',
            autocomplete: 'current-password',
            required: true,
          },
          this.auth.code(locale),
        ],
        forms.mfaDisable,
      ),
      emailForm: buildForm(
        'email',
        [
          {
            name: 'newEmail',
            label: t('email.newEmail'),
            type: 'email',
            autocomplete: 'email',
            maxlength: 254,
            required: true,
          },
        ],
        forms.email,
      ),
      sessions: ordered.map((s) => ({
        id: s.id,
        current: s.current,
        device: describeUserAgent(s.userAgent) ?? t('sessions.unknownDevice'),
        ip: s.ip ?? t('sessions.unknownIp'),
        signedIn: t('sessions.signedIn', { date: this.translator.dateTime(locale, s.createdAt) }),
        lastUsed: t('sessions.lastUsed', { date: this.translator.dateTime(locale, s.lastUsedAt) }),
        revokeLabel: t('sessions.revokeOne', {
          device: describeUserAgent(s.userAgent) ?? t('sessions.unknownDevice'),
        }),
      })),
      otherSessions: sessions.filter((s) => !s.current).length,
      passkeys: passkeysView(this.translator, locale, user, passkeys, forms.passkeys),
    };
  }

  twoFactorSetup(
    locale: Locale,
    user: UserResponse,
    setup: Pick<MfaSetupResponse, 'secret' | 'otpauthUrl'> & { qr: string },
    state?: FormState,
  ) {
    const t = (key: string) => this.translator.t(locale, key);
    return {
      title: t('twoFactor.setupTitle'),
      section: 'dashboard',
      viewer: toViewer(user),
      setup: { ...setup, secretGroups: setup.secret.replace(/(.{4})/g, '$1 ').trim() },
      form: buildForm('mfa-enable', [this.auth.code(locale)], state, true),
    };
  }

  /** "Confirm it's you": the password, or with 2FA on a code instead. */
  confirm(locale: Locale, user: UserResponse, next: string, state?: FormState) {
    const t = (key: string) => this.translator.t(locale, key);
    // With 2FA on, either one will do: neither is `required`, and neither is marked optional.
    const password: FieldSpec = {
      name: 'password',
      label: t('fields.password'),
      type: 'password',
      autocomplete: 'current-password',
      required: user.mfaEnabled ? undefined : true,
    };
    const code: FieldSpec = { ...this.auth.code(locale), required: undefined };
    return {
      title: t('confirm.title'),
      section: 'dashboard',
      viewer: toViewer(user),
      next,
      mfaEnabled: user.mfaEnabled,
      // A passwordless account confirms with a passkey (passkeys.js); others may too.
      hasPassword: user.signInMethods.password,
      hasPasskeys: user.signInMethods.passkeys > 0,
      form: buildForm('confirm', user.mfaEnabled ? [password, code] : [password], state, true),
    };
  }

  confirmEmailChange(locale: Locale, token: string) {
    return {
      title: this.translator.t(locale, 'confirmEmail.title'),
      token,
      hasToken: token.length > 0,
    };
  }

  /** The recovery codes, shown once: when 2FA is turned on, or when they are replaced. */
  recoveryCodes(locale: Locale, user: UserResponse, codes: string[], replaced = false) {
    return {
      title: this.translator.t(locale, 'twoFactor.codesTitle'),
      section: 'dashboard',
      viewer: toViewer(user),
      codes,
      replaced,
    };
  }
}
