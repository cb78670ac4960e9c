import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type MailTemplate =
  | 'verify-email'
  | 'reset-password'
  | 'password-changed'
  | 'mfa-changed'
  | 'account-locked'
  | 'confirm-email-change'
  | 'email-change-requested';
export const MAIL_TEMPLATES: readonly MailTemplate[] = [
  'verify-email',
  'reset-password',
  'password-changed',
  'mfa-changed',
  'account-locked',
  'confirm-email-change',
  'email-change-requested',
];

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Beside this file in the sources; copied to `mail-templates/` beside main.js by the build. */
function templatesDir(): string {
  const bundled = join(__dirname, 'mail-templates');
  return existsSync(bundled) ? bundled : join(__dirname, 'templates');
}

/** Compiles every template once; rendering is then pure string work. */
export class MailTemplates {
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;

  constructor(dir = templatesDir()) {
    const load = (file: string) =>
      Handlebars.compile(readFileSync(join(dir, file), 'utf8'), { strict: true });
    this.layout = load('layout.html.hbs');
    for (const name of MAIL_TEMPLATES) {
      for (const part of ['subject', 'text', 'html'])
        this.compiled.set(`${name}.${part}`, load(`${name}.${part}.hbs`));
    }
  }

  render(name: MailTemplate, context: Record<string, unknown>): RenderedMail {
    const part = (p: string) => {
      const template = this.compiled.get(`${name}.${p}`);
      if (!template) throw new Error(`no mail template ${name}.${p}`);
      return template(context);
    };
    const subject = part('subject').trim();
    return { subject, text: part('text'), html: this.layout({ subject, body: part('html') }) };
  }
}
