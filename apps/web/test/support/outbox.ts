import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Quoted-printable soft line breaks and escapes, as nodemailer writes them. */
const decodeQuotedPrintable = (text: string) =>
  text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Waits for a mail to `to` that holds a link to `path` on the web app, and returns the link. */
export async function linkFromOutbox(
  outbox: string,
  to: string,
  path: string,
  after = 0,
  timeoutMs = 15_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = existsSync(outbox)
      ? readdirSync(outbox)
          .filter((f) => f.endsWith('.eml'))
          .sort()
      : [];
    for (const file of files.reverse()) {
      const text = decodeQuotedPrintable(readFileSync(join(outbox, file), 'utf8'));
      if (!text.includes(to)) continue;
      const link = new RegExp(
        `https?://[^\\s"'<>]+${path.replace('/', '\\/')}\\?token=[A-Za-z0-9_-]+`,
      ).exec(text)?.[0];
      const sentAt = Date.parse(
        file
          .slice(0, 24)
          .replace(/^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, '$1:$2:$3.$4Z'),
      );
      if (link && (Number.isNaN(sentAt) || sentAt >= after)) return link;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} with a ${path} link in ${outbox}`);
}
