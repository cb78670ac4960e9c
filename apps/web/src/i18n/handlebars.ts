import Handlebars from 'handlebars';
import { type Locale } from '../config/app-config';
import { isLocale } from './locale';
import type { Params, Translator } from './translator';

/**
 * A Handlebars instance of our own with one helper, `t`: `{{t "login.title"}}` or
 * `{{t "dashboard.hello" name=user.firstName}}`, in the page's language (`lang` at the root).
 */
export function createHandlebars(translator: Translator): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper('t', function (key: unknown, options: Handlebars.HelperOptions) {
    const root = (options.data as { root?: { lang?: unknown } } | undefined)?.root;
    const locale: Locale = isLocale(root?.lang) ? root.lang : 'en';
    return translator.t(locale, String(key), options.hash as Params);
  });
  return hbs;
}
