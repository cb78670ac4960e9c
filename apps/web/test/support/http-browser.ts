import { request } from 'node:http';
import { csrfTokenOf, type Page } from './inject-client';

/**
 * A browser without a screen, over real HTTP from a chosen local address (127.0.0.2,
 * 127.0.0.3, …: every 127/8 address is this machine), so one web process sees several
 * people. Keeps cookies and reads CSRF tokens from forms, like InjectClient.
 */
export class HttpBrowser {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    readonly localAddress: string,
    /** Sent with every request: e.g. an X-Forwarded-For the person writes themselves. */
    private readonly headers: Record<string, string> = {},
  ) {}

  get(path: string): Promise<Page> {
    return this.send('GET', path);
  }

  post(path: string, form: Record<string, string>): Promise<Page> {
    return this.send('POST', path, new URLSearchParams(form).toString());
  }

  /** GETs `page`, then posts `form` to `action` with the CSRF token from that page. */
  async submit(page: string, action: string, form: Record<string, string>): Promise<Page> {
    const token = csrfTokenOf((await this.get(page)).body);
    return this.post(action, { _csrf: token, ...form });
  }

  private send(method: 'GET' | 'POST', path: string, body?: string): Promise<Page> {
    const url = new URL(path, this.baseUrl);
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers: Record<string, string> = { ...this.headers, 'accept-language': 'en' };
    if (cookie) headers['cookie'] = cookie;
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return new Promise<Page>((resolve, reject) => {
      const req = request(
        url,
        { method, headers, localAddress: this.localAddress, agent: false },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            for (const line of res.headers['set-cookie'] ?? []) this.keep(line);
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: text,
              location: res.headers.location,
            });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  private keep(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const name = pair.slice(0, pair.indexOf('=')).trim();
    const value = pair.slice(pair.indexOf('=') + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
    if (expired) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}
