import { Logger } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/load-config';
import { MetricsService } from '../metrics/metrics.service';
import type { MailTransport } from './mail-transport';
import { MailService } from './mail.service';

const TO = 'Alice.Private@example.com';
const TOKEN = 'tok3n-0123456789abcdefghijklmnopqrstuvwxyzAB';

/** Every line MailService logs, at any level. */
function captureLogs(): string[] {
  const lines: string[] = [];
  const record = (message: unknown) => void lines.push(String(message));
  jest.spyOn(Logger.prototype, 'log').mockImplementation(record);
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(record);
  jest.spyOn(Logger.prototype, 'error').mockImplementation(record);
  return lines;
}

function mailService(env: Record<string, string> = {}) {
  const config = loadConfig({
    MAIL_OUTBOX_DIR: join(mkdtempSync(join(tmpdir(), 'gatehouse-mail-')), 'outbox'),
    ...env,
  });
  return new MailService(config, new MetricsService());
}

/** A transport that refuses the way SMTP servers do: naming the recipient. */
const refusing: MailTransport = {
  deliver: (message) =>
    Promise.reject(
      new Error(
        `Can't send mail - all recipients were rejected: 550 5.1.1 <${message.to as string}>`,
      ),
    ),
  close: () => undefined,
};

describe(MailService.name, () => {
  afterEach(() => jest.restoreAllMocks());

  const send = (sut: MailService) =>
    sut.send({
      to: TO,
      template: 'verify-email',
      context: { name: 'Alice', link: sut.link('/verify-email', TOKEN), validHours: 24 },
    });

  it('logs a delivery with the template and *@domain only: no local part, no link', async () => {
    const lines = captureLogs();
    const sut = mailService();
    send(sut);
    await sut.onApplicationShutdown();
    expect(lines).toEqual([
      expect.stringMatching(/^mail verify-email to \*@example\.com delivered/),
    ]);
    for (const line of lines) {
      expect(line.toLowerCase()).not.toContain('alice');
      expect(line).not.toContain(TOKEN);
    }
  });

  it('keeps the address out of retry and loss lines, even when the server’s refusal names it', async () => {
    const lines = captureLogs();
    const sut = mailService({ MAIL_MAX_ATTEMPTS: '1' });
    Object.assign(sut, { transport: refusing });
    send(sut);
    await sut.onApplicationShutdown();
    const retried = mailService({ MAIL_MAX_ATTEMPTS: '2' });
    Object.assign(retried, { transport: refusing });
    send(retried);
    await retried.onApplicationShutdown();
    expect(lines).toEqual([
      expect.stringMatching(/^mail verify-email to \*@example\.com lost after 1 attempts: .*550/),
      expect.stringMatching(/^mail verify-email attempt 1 failed \(.*550.*\); retrying in/),
      '1 mail(s) awaiting a retry were not delivered',
    ]);
    for (const line of lines) {
      expect(line.toLowerCase()).not.toContain('alice');
      expect(line).not.toContain(TOKEN);
    }
  });
});
