import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';

/** Delivers one message; throws when it could not (the caller retries). Returns where it went. */
export interface MailTransport {
  deliver(message: SendMailOptions): Promise<string>;
  close(): void;
}

/** Real delivery over SMTP; TLS as the URL says (smtps:// implicit TLS, smtp:// STARTTLS). */
export class SmtpTransport implements MailTransport {
  private readonly transporter: Transporter;

  constructor(url: string) {
    this.transporter = createTransport(url, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as object);
  }

  async deliver(message: SendMailOptions): Promise<string> {
    const info = (await this.transporter.sendMail(message)) as { messageId: string };
    return `SMTP (message id ${info.messageId})`;
  }

  close(): void {
    this.transporter.close();
  }
}

/**
 * The embedded default: each message becomes an RFC 5322 .eml file in the outbox directory,
 * written whole (temp file, then rename) so a reader never sees half a message. Messages hold
 * live links (verification, reset), so files are 0600 and a directory made here is 0700.
 */
export class OutboxTransport implements MailTransport {
  private readonly transporter = createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  async deliver(message: SendMailOptions): Promise<string> {
    const info = (await this.transporter.sendMail(message)) as { message: Buffer };
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
    const path = join(this.dir, name);
    writeFileSync(`${path}.tmp`, info.message, { mode: 0o600, flag: 'wx' });
    renameSync(`${path}.tmp`, path);
    return path;
  }

  close(): void {
    this.transporter.close();
  }
}
