import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface Page {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  location?: string;
}

/** Drives the app in process like a browser: keeps cookies, reads CSRF tokens from forms. */
export class InjectClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly defaultHeaders: Record<string, string> = {},
    /** The browser's (or a proxy's) address, as the socket shows it to the app. */
    private readonly remoteAddress?: string,
  ) {}

  get(url: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.send('GET', url, undefined, headers);
  }

  /** Posts a form; `_csrf` comes from the last page unless given (pass '' to leave it out). */
  post(
    url: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Page> {
    return this.send('POST', url, new URLSearchParams(form).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    });
  }

  /** GETs `page`, then posts `form` to `action` with the CSRF token from that page. */
  async submit(page: string, action: string, form: Record<string, string>): Promise<Page> {
    const token = csrfTokenOf((await this.get(page)).body);
    return this.post(action, { _csrf: token, ...form });
  }

  private async send(
    method: 'GET' | 'POST',
    url: string,
    payload: string | undefined,
    headers: Record<string, string>,
  ): Promise<Page> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.inject({
      method,
      url,
      payload,
      headers: { ...this.defaultHeaders, ...(cookie && { cookie }), ...headers },
      ...(this.remoteAddress && { remoteAddress: this.remoteAddress }),
    });
    for (const c of response.cookies as {
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }[]) {
      const expired =
        c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const location = response.headers['location'];
    return {
      status: response.statusCode,
      headers: response.headers,
      body: response.body,
      location: typeof location === 'string' ? location : undefined,
    };
  }
}

export function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/** The visible text of a page, tags stripped, whitespace collapsed. */
export const textOf = (html: string): string =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
