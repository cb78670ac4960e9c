import { PASSWORD, uniqueEmail } from './support/flows';
import { HttpBrowser } from './support/http-browser';
import { textOf } from './support/inject-client';
import { type Stack, startStack } from './support/processes';

const WRONG = 'not the password at all';
const TOO_MANY = /Too many attempts/;

/**
 * The default setup (auth-api and web as `npm start` runs them: default TRUST_PROXY on both)
 * with rate limits on. People reach web from different addresses (127.0.0.2, 127.0.0.3, …);
 * auth-api must see each of them, not web's own address, and nobody may choose theirs.
 */
describe('client addresses through web (real processes)', () => {
  let stack: Stack;
  const email = uniqueEmail('ada');
  const other = uniqueEmail('grace');
  const user = () => new HttpBrowser(stack.web.url, '127.0.0.2');

  beforeAll(async () => {
    stack = await startStack({}, { RATE_LIMIT_ENABLED: 'true' });
    for (const address of [email, other]) {
      const signedUp = await user().submit('/signup', '/signup', {
        email: address,
        password: PASSWORD,
      });
      expect(signedUp.location).toBe('/login');
    }
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** Logs in through the form; the page it ends on, as text, and where it went. */
  async function logIn(browser: HttpBrowser, password: string, as = email) {
    const posted = await browser.submit('/login', '/login', { email: as, password });
    expect(posted.status).toBe(303);
    const page = await browser.get(posted.location ?? '/');
    return { location: posted.location, text: textOf(page.body) };
  }

  it('five wrong passwords from one address lock that address only; the user still signs in', async () => {
    const attacker = new HttpBrowser(stack.web.url, '127.0.0.3');
    for (let i = 0; i < 5; i++) {
      const { text } = await logIn(attacker, WRONG);
      expect(text).toContain('The email address or password is incorrect.');
    }
    expect((await logIn(attacker, WRONG)).text).toMatch(TOO_MANY);
    // Writing another address in X-Forwarded-For changes nothing for the attacker.
    const disguised = new HttpBrowser(stack.web.url, '127.0.0.3', {
      'x-forwarded-for': '198.51.100.23',
    });
    expect((await logIn(disguised, PASSWORD)).text).toMatch(TOO_MANY);

    const signedIn = await logIn(user(), PASSWORD);
    expect(signedIn.location).toBe('/dashboard');
    expect(signedIn.text).not.toMatch(TOO_MANY);
  });

  it('records the address the person connected from, not one they wrote in X-Forwarded-For', async () => {
    const forger = new HttpBrowser(stack.web.url, '127.0.0.4', {
      'x-forwarded-for': '203.0.113.9',
    });
    const { location, text } = await logIn(forger, PASSWORD, other);
    expect(location).toBe('/dashboard');
    expect(text).toMatch(/This device 127\.0\.0\.4 ·/);
    expect(text).not.toContain('203.0.113.9');
  });
});
