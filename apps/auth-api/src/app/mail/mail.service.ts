import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DelegateBackoff, handleWhen, type IRetryBackoffContext, retry } from 'cockatiel';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { type MailTemplate, MailTemplates } from './mail-templates';
import { type MailTransport, OutboxTransport, SmtpTransport } from './mail-transport';

export interface MailRequest {
  to: string;
  template: MailTemplate;
  context: Record<string, unknown>;
}

/** A mail that shutdown caught waiting for its retry: dropped, not lost. */
class MailDropped extends Error {}

/** One mail's deliveries as shutdown sees them: an attempt under way, or a retry awaited. */
class MailJob {
  waiting = false;
  /** Settles once the attempt under way has been dealt with (delivered, lost or retried). */
  step: Promise<void> = Promise.resolve();
  private settle = (): void => undefined;

  begin(): void {
    this.waiting = false;
    this.step = new Promise((resolve) => (this.settle = resolve));
  }

  end(waiting: boolean): void {
    this.waiting = waiting;
    this.settle();
  }
}

/**
 * Sends mail in the background. `send` only queues: a slow or failing mail server never
 * fails or slows the request that asked for the message. Failed deliveries are retried with
 * exponential backoff and jitter (cockatiel), then logged as lost. Log lines never contain the
 * links (they carry tokens), only the template, the recipient's domain and where the message went.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private readonly templates = new MailTemplates();
  private readonly transport: MailTransport;
  private readonly jobs = new Set<MailJob>();
  private closing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.transport = config.SMTP_URL
      ? new SmtpTransport(config.SMTP_URL)
      : new OutboxTransport(config.MAIL_OUTBOX_DIR);
  }

  send(request: MailRequest): void {
    const job = new MailJob();
    this.jobs.add(job);
    const policy = this.retryPolicy();
    policy.onRetry((event) => {
      const reason = 'error' in event ? this.reasonOf(event.error, request) : '';
      this.logger.warn(
        `mail ${request.template} attempt ${event.attempt} failed (${reason}); retrying in ${event.delay} ms`,
      );
      job.end(true);
    });
    let attempts = 0;
    void policy
      .execute(() => {
        if (this.closing) throw new MailDropped();
        attempts++;
        job.begin();
        return this.deliver(request);
      })
      .then(
        (where) => {
          this.metrics.mails.labels('sent', request.template).inc();
          this.logger.log(
            `mail ${request.template} to ${domainOf(request.to)} delivered: ${where}`,
          );
        },
        (error: unknown) => {
          if (error instanceof MailDropped) return;
          this.metrics.mails.labels('failed', request.template).inc();
          this.logger.error(
            `mail ${request.template} to ${domainOf(request.to)} lost after ${attempts} attempts: ${this.reasonOf(error, request)}`,
          );
        },
      )
      .finally(() => {
        job.end(false);
        this.jobs.delete(job);
      });
  }

  /** Links in mails point at the web app. */
  link(path: string, token?: string): string {
    const url = new URL(path, this.config.WEB_BASE_URL);
    if (token) url.searchParams.set('token', token);
    return url.toString();
  }

  /** Waits for deliveries in progress; retries still waiting are reported, then dropped. */
  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.jobs].map((job) => job.step));
    const waiting = [...this.jobs].filter((job) => job.waiting).length;
    if (waiting > 0) this.logger.warn(`${waiting} mail(s) awaiting a retry were not delivered`);
    this.transport.close();
  }

  /**
   * MAIL_MAX_ATTEMPTS in all; retry n waits MAIL_RETRY_BASE_MS · 2^(n-1), ±50 % jitter. The timer
   * does not hold the process open: shutdown drops what still waits.
   */
  private retryPolicy() {
    const base = this.config.MAIL_RETRY_BASE_MS;
    return retry(
      handleWhen((error) => !(error instanceof MailDropped)),
      {
        maxAttempts: this.config.MAIL_MAX_ATTEMPTS - 1,
        backoff: new DelegateBackoff(({ attempt }: IRetryBackoffContext<unknown>) => {
          const delay = base * 2 ** (attempt - 1);
          return Math.round(delay / 2 + Math.random() * delay);
        }),
      },
    ).dangerouslyUnref();
  }

  private deliver(request: MailRequest): Promise<string> {
    const rendered = this.templates.render(request.template, request.context);
    return this.transport.deliver({ from: this.config.MAIL_FROM, to: request.to, ...rendered });
  }

  /** A server's refusal often names the recipient: only its domain goes into the log. */
  private reasonOf(error: unknown, request: MailRequest): string {
    return withoutAddress(error instanceof Error ? error.message : String(error), request.to);
  }
}

/** Logs name the recipient's domain, not the address. */
const domainOf = (email: string) => `*@${email.split('@')[1] ?? '?'}`;

/** `text` with every mention of `email` (in any letter case) replaced by its domain. */
const withoutAddress = (text: string, email: string) =>
  text.replace(new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), domainOf(email));
