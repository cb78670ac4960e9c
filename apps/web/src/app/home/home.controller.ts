import { Body, Controller, Get, Post, Redirect, Render } from '@nestjs/common';
import { field } from '../../common/forms/form-fields';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { safeNext, seeOther, type SeeOther } from '../../common/http/safe-redirect';
import { isLocale } from '../../i18n/locale';
import { Translator } from '../../i18n/translator';
import { SessionCookies } from '../../session/session-cookies';

const ONE_YEAR = 365 * 24 * 3600;

/** The landing page, and the language switcher (a form, so that a link cannot change it). */
@Controller()
export class HomeController {
  constructor(
    private readonly translator: Translator,
    private readonly cookies: SessionCookies,
  ) {}

  @Get()
  @Render('home/index')
  index(@CurrentPage() page: Page) {
    // No call to auth-api: the landing page works even while it is down.
    return { title: this.translator.t(page.locale, 'home.title'), section: 'home' };
  }

  @Post('language')
  @Redirect()
  setLanguage(@CurrentPage() page: Page, @Body() body: unknown): SeeOther {
    const lang = field(body, 'lang');
    if (isLocale(lang)) this.cookies.set(page.reply, 'lang', lang, ONE_YEAR);
    return seeOther(safeNext(field(body, 'next'), '/'));
  }
}
