import { Injectable } from '@nestjs/common';
import { Translator } from '../../i18n/translator';
import { Flash } from '../../session/flash';
import type { Page } from '../http/request-context';
import { seeOther, type SeeOther } from '../http/safe-redirect';
import { isRefusal, toFormErrors } from './api-errors';

/**
 * The refused half of post/redirect/get: the form's values (never passwords: callers leave
 * them out) and its inline errors go into the flash, and the browser goes back to the form.
 */
@Injectable()
export class FormResponder {
  constructor(
    private readonly flash: Flash,
    private readonly translator: Translator,
  ) {}

  /** Fields left empty, checked before bothering auth-api. */
  missing(
    page: Page,
    values: Record<string, string>,
    required: string[],
  ): Record<string, string[]> | undefined {
    const errors: Record<string, string[]> = {};
    for (const name of required) {
      if (!values[name]) errors[name] = [this.translator.t(page.locale, 'validation.required')];
    }
    return Object.keys(errors).length ? errors : undefined;
  }

  invalid(
    page: Page,
    form: string,
    values: Record<string, string>,
    errors: Record<string, string[]>,
    url: string,
  ): SeeOther {
    this.flash.set(page.reply, { form: { form, values, errors } });
    return seeOther(url);
  }

  /** auth-api said no: show why on the form. Anything but a refusal (4xx) is rethrown. */
  refused(
    page: Page,
    error: unknown,
    form: string,
    values: Record<string, string>,
    url: string,
    fieldNames?: Record<string, string>,
  ): SeeOther {
    if (!isRefusal(error)) throw error;
    const { errors, message } = toFormErrors(error, this.translator, page.locale, fieldNames);
    this.flash.set(page.reply, { form: { form, values, errors, message } });
    return seeOther(url);
  }
}
