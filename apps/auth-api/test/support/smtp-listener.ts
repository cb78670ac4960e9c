import { SMTPServer } from 'smtp-server';
import { parseMail, type Mail } from './outbox';

export interface SmtpListener {
  url: string;
  received: Mail[];
  /** How many deliveries were refused on purpose so far. */
  refused: number;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free port (the `smtp-server` package). It requires AUTH PLAIN/LOGIN
 * with the given credentials and can refuse the first `failFirst` messages with a 451.
 */
export async function startSmtpListener(
  options: { failFirst?: number } = {},
): Promise<SmtpListener> {
  const listener = { received: [] as Mail[], refused: 0 } as SmtpListener;
  let toRefuse = options.failFirst ?? 0;
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true, // loopback only, no certificate to offer
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === 's3cret-pass')
        callback(null, { user: 'mailer' });
      else callback(new Error('invalid credentials'));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (toRefuse > 0) {
          toRefuse -= 1;
          listener.refused += 1;
          const error = new Error('try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        listener.received.push(
          parseMail(Buffer.concat(chunks).toString('utf8').replace(/\r\n/g, '\n')),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  listener.url = `smtp://mailer:s3cret-pass@127.0.0.1:${port}`;
  listener.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return listener;
}

export async function waitUntil(
  check: () => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
