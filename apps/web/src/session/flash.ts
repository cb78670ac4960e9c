import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Params } from '../i18n/translator';
import { SessionCookies } from './session-cookies';

export type NoticeKind = 'success' | 'error' | 'info';

/** A message for the next page: a catalog key, translated when shown. */
export interface Notice {
  kind: NoticeKind;
  key: string;
  params?: Params;
}

/** A refused form, carried to the page that shows it again (never with passwords). */
export interface FormState {
  form: string;
  values: Record<string, string>;
  errors: Record<string, string[]>;
  /** A message about the form as a whole, already translated. */
  message?: string;
}

export interface FlashData {
  notice?: Notice;
  form?: FormState;
}

const MAX_VALUE_LENGTH = 300;
const taken = new WeakMap<FastifyRequest, FlashData>();

/**
 * Post/redirect/get: what a form handler wants the next page to say lives in a signed,
 * httpOnly cookie for one minute and is read (and cleared) by the next page rendered.
 */
@Injectable()
export class Flash {
  constructor(private readonly cookies: SessionCookies) {}

  set(reply: FastifyReply, data: FlashData): void {
    const form = data.form && {
      ...data.form,
      values: Object.fromEntries(
        Object.entries(data.form.values).map(([k, v]) => [k, v.slice(0, MAX_VALUE_LENGTH)]),
      ),
    };
    this.cookies.set(reply, 'flash', JSON.stringify({ ...data, form }), 60);
  }

  notice(reply: FastifyReply, kind: NoticeKind, key: string, params?: Params): void {
    this.set(reply, { notice: { kind, key, params } });
  }

  /** The flash for this request, read once and cleared; the same object on later calls. */
  take(request: FastifyRequest, reply: FastifyReply): FlashData {
    const known = taken.get(request);
    if (known) return known;
    let data: FlashData = {};
    const raw = this.cookies.read(request, 'flash');
    if (raw) {
      try {
        data = JSON.parse(raw) as FlashData;
      } catch {
        data = {};
      }
      this.cookies.clear(reply, 'flash');
    }
    taken.set(request, data);
    return data;
  }

  /** The refused state of one form, if the last post was that form. */
  formState(request: FastifyRequest, reply: FastifyReply, form: string): FormState | undefined {
    const state = this.take(request, reply).form;
    return state?.form === form ? state : undefined;
  }
}
