// A real OpenID Connect provider (oidc-provider, ESM-only) for the tests, run in a worker
// thread so that real Node ESM loads it, whatever module system the test runs in. Controlled by
// messages from provider.ts: { id, command, args } in, { id, result } or { id, error } out.
import { createPrivateKey, createSign } from 'node:crypto';
import { createServer } from 'node:http';
import { parentPort } from 'node:worker_threads';
import Provider from 'oidc-provider';

// Its start-up notices (in-memory adapter, default TTLs) are expected here: keep the output clean.
for (const level of ['warn', 'info']) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    if (!/^oidc-provider (WARNING|NOTICE)/.test(String(args[0]))) original(...args);
  };
}

/** sub → the claims the test gave the account (email, email_verified, name). */
const accounts = new Map();
/** Claims the token endpoint overwrites in the ID token it returns, re-signed; or null. */
let tamper = null;
let server = null;
let signingKey = null;
let kid = null;

const b64url = (value) => Buffer.from(value).toString('base64url');

function sign(payload) {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(payload));
  const signature = createSign('RSA-SHA256').update(`${header}.${body}`).sign(signingKey);
  return `${header}.${body}.${signature.toString('base64url')}`;
}

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The provider's own sign-in page: which test account signs in (any listed sub). */
function loginPage(uid) {
  return `<!doctype html><html><head><title>Test provider</title></head><body>
<h1>Test provider sign-in</h1>
<form method="post" action="/interaction/${escape(uid)}">
<label>Account <input name="sub" id="sub" autocomplete="off"></label>
<button type="submit" id="provider-continue">Continue</button>
</form></body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function interactions(provider) {
  return async (ctx, next) => {
    const match = /^\/interaction\/([^/]+)$/.exec(ctx.path);
    if (!match) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (ctx.method === 'GET') {
      ctx.type = 'html';
      ctx.body = loginPage(details.uid);
      return undefined;
    }
    const sub = (await readForm(ctx.req)).get('sub') ?? '';
    if (!accounts.has(sub)) {
      ctx.status = 400;
      ctx.body = `no test account "${sub}"`;
      return undefined;
    }
    const returnTo = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: sub } },
      { mergeWithLastSubmission: false },
    );
    ctx.status = 303;
    ctx.redirect(returnTo);
    return undefined;
  };
}

/** The switch: the token endpoint's ID token with claims changed, re-signed with our key. */
function tampering() {
  return async (ctx, next) => {
    await next();
    if (ctx.path !== '/token' || !tamper || typeof ctx.body?.id_token !== 'string') return;
    const [header, body, signature] = ctx.body.id_token.split('.');
    const { brokenSignature, ...claims } = tamper;
    const payload = { ...JSON.parse(Buffer.from(body, 'base64url')), ...claims };
    // brokenSignature: the claims changed, the provider's signature of the old ones kept.
    const idToken = brokenSignature
      ? `${header}.${b64url(JSON.stringify(payload))}.${signature}`
      : sign(payload);
    ctx.body = { ...ctx.body, id_token: idToken };
  };
}

async function start({ jwk, clients }) {
  signingKey = createPrivateKey({ key: jwk, format: 'jwk' });
  kid = jwk.kid;
  let handler = (req, res) => res.writeHead(503).end();
  server = createServer((req, res) => handler(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: [jwk] },
    cookies: { keys: ['gatehouse-test-provider-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The claims go into the ID token itself, as Google's and Entra's do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_, sub) =>
      accounts.has(sub)
        ? { accountId: sub, claims: () => ({ sub, ...accounts.get(sub) }) }
        : undefined,
    // Consent is given: the test drives sign-in only.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  provider.use(interactions(provider));
  provider.use(tampering());
  handler = provider.callback();
  return { issuer };
}

const commands = {
  start,
  account: ({ sub, claims }) => void accounts.set(sub, claims),
  tamper: (claims) => void (tamper = claims),
  stop: () =>
    new Promise((resolve) => {
      if (!server) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
};

parentPort.on('message', async ({ id, command, args }) => {
  try {
    parentPort.postMessage({ id, result: await commands[command](args) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.stack : String(error) });
  }
});
