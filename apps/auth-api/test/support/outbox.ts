import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

/** Undoes quoted-printable transfer encoding (soft line breaks and =XX escapes). */
function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Reads an RFC 5322 message as nodemailer writes it: headers, then text and HTML parts. */
export function parseMail(raw: string): Mail {
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim() ?? '';
  const part = (type: string) => {
    const match = new RegExp(
      `Content-Type: ${type}[^\\n]*\\n(?:[^\\n]+\\n)*?\\n([\\s\\S]*?)(?:\\n--|$)`,
      'i',
    ).exec(raw);
    if (!match?.[1]) return '';
    const block = raw.slice(0, match.index + match[0].length);
    const qp = /Content-Transfer-Encoding: quoted-printable/i.test(block.slice(match.index));
    const b64 = /Content-Transfer-Encoding: base64/i.test(block.slice(match.index));
    if (b64) return Buffer.from(match[1].replace(/\s+/g, ''), 'base64').toString('utf8');
    return qp ? decodeQuotedPrintable(match[1]) : match[1];
  };
  const to = header('To').replace(/^.*<|>.*$/g, '');
  return { to, subject: header('Subject'), text: part('text/plain'), html: part('text/html'), raw };
}

export function readOutbox(dir: string): Mail[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort();
  } catch {
    return [];
  }
  return files.map((f) => parseMail(readFileSync(join(dir, f), 'utf8')));
}

/** Waits for the newest mail to `to` whose subject matches. */
export async function waitForMail(
  dir: string,
  to: string,
  subject: RegExp,
  timeoutMs = 10_000,
): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = readOutbox(dir)
      .filter((m) => m.to === to && subject.test(m.subject))
      .at(-1);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail "${String(subject)}" to ${to} in ${dir}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The token of the link `…/<path>?token=…` in a mail's text body. */
export function tokenFrom(mail: Mail, path: string): string {
  const match = new RegExp(`${path}\\?token=([A-Za-z0-9_-]{43})`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no ${path} link in: ${mail.text}`);
  return match[1];
}
