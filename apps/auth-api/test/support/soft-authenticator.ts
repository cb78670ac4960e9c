import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/** A minimal CBOR encoder: unsigned and negative ints, byte and text strings, arrays, maps. */
export function cbor(value: unknown): Buffer {
  if (typeof value === 'number') {
    return value >= 0 ? head(0, value) : head(1, -1 - value);
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  if (value instanceof Map) {
    const entries = [...(value as Map<unknown, unknown>).entries()];
    return Buffer.concat([
      head(5, entries.length),
      ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)]),
    ]);
  }
  if (typeof value === 'object' && value !== null) return cbor(new Map(Object.entries(value)));
  throw new Error(`cbor: cannot encode ${typeof value}`);
}

function head(major: number, n: number): Buffer {
  const m = major << 5;
  if (n < 24) return Buffer.from([m | n]);
  if (n < 0x100) return Buffer.from([m | 24, n]);
  if (n < 0x10000) return Buffer.from([m | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = m | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest();

/** What a ceremony can be bent to: the page's origin, the RP ID hashed, the flags, the counter. */
export interface Ceremony {
  origin?: string;
  rpId?: string;
  /** Defaults: user present and verified, not backed up. */
  flags?: { up?: boolean; uv?: boolean; be?: boolean; bs?: boolean };
  /** The counter to report; by default the next one. */
  counter?: number;
  /** webauthn.create / webauthn.get, unless overridden. */
  type?: string;
}

interface Options {
  challenge: string;
  rp?: { id?: string };
  user?: { id: string };
}

/**
 * A software passkey: an ES256 key from node:crypto, `none` attestation, discoverable (it
 * remembers the user handle). Each assertion counts up its signature counter, as hardware does.
 */
export class SoftAuthenticator {
  readonly credentialId: Buffer;
  counter = 0;
  userHandle?: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(
    readonly defaults: { origin: string; rpId: string } = {
      origin: 'http://localhost:8001',
      rpId: 'localhost',
    },
    shared?: SoftAuthenticator,
  ) {
    if (shared) {
      this.credentialId = shared.credentialId;
      this.privateKey = shared.privateKey;
      this.publicKey = shared.publicKey;
      this.userHandle = shared.userHandle;
      this.counter = shared.counter;
    } else {
      this.credentialId = randomBytes(16);
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      this.privateKey = pair.privateKey;
      this.publicKey = pair.publicKey;
    }
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  /** Another device holding the same key, with its own counter: a cloned authenticator. */
  clone(): SoftAuthenticator {
    return new SoftAuthenticator(this.defaults, this);
  }

  /** navigator.credentials.create(), as @simplewebauthn/browser's JSON. */
  register(options: Options, c: Ceremony = {}) {
    this.userHandle = options.user?.id;
    const jwk = this.publicKey.export({ format: 'jwk' });
    const coseKey = new Map<number, unknown>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x ?? '', 'base64url')],
      [-3, Buffer.from(jwk.y ?? '', 'base64url')],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, cbor(coseKey)]);
    const authData = this.authData(c, 0x40, attested, c.counter ?? this.counter);
    const clientData = this.clientData('webauthn.create', options.challenge, c);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
      response: {
        clientDataJSON: b64url(clientData),
        attestationObject: b64url(cbor({ fmt: 'none', attStmt: {}, authData })),
        transports: ['internal'],
      },
    };
  }

  /** navigator.credentials.get(), as @simplewebauthn/browser's JSON. */
  assert(options: Options, c: Ceremony = {}) {
    const counter = c.counter ?? ++this.counter;
    const authData = this.authData(c, 0, Buffer.alloc(0), counter);
    const clientData = this.clientData('webauthn.get', options.challenge, c);
    const signature = sign(
      'sha256',
      Buffer.concat([authData, sha256(clientData)]),
      this.privateKey,
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
    };
  }

  private authData(c: Ceremony, extra: number, attested: Buffer, counter: number): Buffer {
    const f = { up: true, uv: true, be: false, bs: false, ...c.flags };
    const flags =
      (f.up ? 0x01 : 0) | (f.uv ? 0x04 : 0) | (f.be ? 0x08 : 0) | (f.bs ? 0x10 : 0) | extra;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    const rpId = c.rpId ?? this.defaults.rpId;
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, attested]);
  }

  private clientData(type: string, challenge: string, c: Ceremony): Buffer {
    return Buffer.from(
      JSON.stringify({
        type: c.type ?? type,
        challenge,
        origin: c.origin ?? this.defaults.origin,
        crossOrigin: false,
      }),
    );
  }
}
