import { createServer } from 'node:net';
import { registerUser, STRONG_PASSWORD } from './support/accounts';
import { createTestDatabase, databases, type TestDatabase } from './support/databases';
import { tokenFrom } from './support/outbox';
import { startSmtpListener, waitUntil } from './support/smtp-listener';
import { startApp } from './support/test-app';

describe.each(databases())('mail over SMTP [%s]', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase(kind)));
  afterAll(() => db.drop());

  it('delivers the verification mail to a real SMTP server, and its link verifies the account', async () => {
    const smtp = await startSmtpListener();
    const sut = await startApp(db, { SMTP_URL: smtp.url, WEB_BASE_URL: 'http://web.test:8001' });
    try {
      const { email } = await registerUser(sut.http);
      await waitUntil(() => smtp.received.some((m) => m.to === email), 10_000, 'the mail');
      const mail = smtp.received.find((m) => m.to === email)!;
      expect(mail.subject).toBe('Confirm your email address');
      const token = tokenFrom(mail, 'http://web.test:8001/verify-email');
      const verified = await sut.http.post('/auth/verify-email', { token });
      expect(verified.body).toMatchObject({ email, isVerified: true });
      const login = await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD });
      expect(login.status).toBe(200);
    } finally {
      await sut.close();
      await smtp.close();
    }
  });

  it('retries a failing server with backoff without slowing the request that queued the mail', async () => {
    const smtp = await startSmtpListener({ failFirst: 2 });
    const sut = await startApp(db, {
      SMTP_URL: smtp.url,
      MAIL_RETRY_BASE_MS: '200',
      DATABASE_MIGRATE: 'false',
    });
    try {
      const { email } = await registerUser(sut.http); // answered 201 before any delivery succeeded
      expect(smtp.received.some((m) => m.to === email)).toBe(false);
      await waitUntil(() => smtp.received.some((m) => m.to === email), 15_000, 'the retried mail');
      expect(smtp.refused).toBe(2);
      const metrics = await sut.http.get('/metrics');
      expect(metrics.text).toMatch(
        /mail_messages_total\{outcome="sent",template="verify-email"\} 1/,
      );
    } finally {
      await sut.close();
      await smtp.close();
    }
  });

  it('keeps answering promptly when the mail server is down, and counts the lost mail', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const sut = await startApp(db, {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_RETRY_BASE_MS: '50',
      MAIL_MAX_ATTEMPTS: '3',
      DATABASE_MIGRATE: 'false',
    });
    try {
      const started = Date.now();
      await registerUser(sut.http);
      expect(Date.now() - started).toBeLessThan(5_000); // no SMTP timeout inside the request
      let text = '';
      for (let i = 0; i < 100 && !/outcome="failed",template="verify-email"\} 1/.test(text); i++) {
        await new Promise((r) => setTimeout(r, 100));
        text = (await sut.http.get('/metrics')).text;
      }
      expect(text).toMatch(/mail_messages_total\{outcome="failed",template="verify-email"\} 1/);
    } finally {
      await sut.close();
    }
  });
});
