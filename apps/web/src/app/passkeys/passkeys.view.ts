import type { PasskeyResponse, UserResponse } from '@gatehouse/contracts';
import type { Locale } from '../../config/app-config';
import type { Translator } from '../../i18n/translator';
import type { FormState } from '../../session/flash';

/** The dashboard's Passkeys section: the list, and what the account can do about its password. */
export function passkeysView(
  translator: Translator,
  locale: Locale,
  user: UserResponse,
  passkeys: PasskeyResponse[],
  state?: FormState,
) {
  const t = (key: string, params?: Record<string, string>) => translator.t(locale, key, params);
  const methods = user.signInMethods;
  return {
    items: passkeys.map((p) => ({
      id: p.id,
      name: p.name,
      added: t('passkeys.added', { date: translator.date(locale, p.createdAt) }),
      lastUsed: p.lastUsedAt
        ? t('passkeys.lastUsed', { date: translator.dateTime(locale, p.lastUsedAt) })
        : t('passkeys.neverUsed'),
      synced: p.backedUp,
      renameLabel: t('passkeys.renameOne', { name: p.name }),
      removeLabel: t('passkeys.removeOne', { name: p.name }),
    })),
    hasPassword: methods.password,
    // Dropping the password needs another way in; the last passkey needs the password.
    canRemovePassword: methods.password && methods.passkeys + methods.providers.length > 0,
    canRemovePasskey: methods.password || methods.passkeys + methods.providers.length > 1,
    message: state?.message,
  };
}
