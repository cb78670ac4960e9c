import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { type MailTemplate, MailTemplates } from './mail-templates';
import { type MailTransport, OutboxTransport, SmtpTransport } from './mail-transport';

export interface MailRequest {
  to: string;
  template: MailTemplate;
  context: Record<string, unknown>;
}

/**
 * Sends mail in the background. `send` only queues: a slow or failing mail server never
 * fails or slows the request that asked for the message. Failed deliveries are retried with
 * exponential backoff and jitter, then logged as lost. Log lines never contain the links
 * (they carry tokens), only the template, the recipient's domain and where the message went.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private readonly templates = new MailTemplates();
  private readonly transport: MailTransport;
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.transport = config.SMTP_URL
      ? new SmtpTransport(config.SMTP_URL)
      : new OutboxTransport(config.MAIL_OUTBOX_DIR);
  }

  send(request: MailRequest): void {
    this.attempt(request, 1);
  }

  /** Links in mails point at the web app. */
  link(path: string, token?: string): string {
    const url = new URL(path, this.config.WEB_BASE_URL);
    if (token) url.searchParams.set('token', token);
    return url.toString();
  }

  /** Waits for deliveries in progress; retries still waiting are reported, then dropped. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    for (const timer of this.timers) clearTimeout(timer);
    if (this.timers.size > 0)
      this.logger.warn(`${this.timers.size} mail(s) awaiting a retry were not delivered`);
    this.transport.close();
  }

  private attempt(request: MailRequest, attempt: number): void {
    const job = this.deliver(request).then(
      (where) => {
        this.metrics.mails.labels('sent', request.template).inc();
        this.logger.log(`mail ${request.template} to ${domainOf(request.to)} delivered: ${where}`);
      },
      (error: unknown) => this.retryLater(request, attempt, error),
    );
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  private deliver(request: MailRequest): Promise<string> {
    const rendered = this.templates.render(request.template, request.context);
    return this.transport.deliver({ from: this.config.MAIL_FROM, to: request.to, ...rendered });
  }

  private retryLater(request: MailRequest, attempt: number, error: unknown): void {
    // A server's refusal often names the recipient: only its domain goes into the log.
    const reason = withoutAddress(
      error instanceof Error ? error.message : String(error),
      request.to,
    );
    if (attempt >= this.config.MAIL_MAX_ATTEMPTS) {
      this.metrics.mails.labels('failed', request.template).inc();
      this.logger.error(
        `mail ${request.template} to ${domainOf(request.to)} lost after ${attempt} attempts: ${reason}`,
      );
      return;
    }
    const base = this.config.MAIL_RETRY_BASE_MS * 2 ** (attempt - 1);
    const delay = Math.round(base / 2 + Math.random() * base);
    this.logger.warn(
      `mail ${request.template} attempt ${attempt} failed (${reason}); retrying in ${delay} ms`,
    );
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.attempt(request, attempt + 1);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}

/** Logs name the recipient's domain, not the address. */
const domainOf = (email: string) => `*@${email.split('@')[1] ?? '?'}`;

/** `text` with every mention of `email` (in any letter case) replaced by its domain. */
const withoutAddress = (text: string, email: string) =>
  text.replace(new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), domainOf(email));
