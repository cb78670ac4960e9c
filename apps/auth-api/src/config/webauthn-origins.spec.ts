import { configProblems } from '@gatehouse/env-config';
import { loadConfig } from './load-config';
import { originProblem } from './webauthn-origins';

describe(originProblem.name, () => {
  it.each([
    ['https://example.com', 'example.com'],
    ['https://login.example.com', 'example.com'],
    ['http://localhost:8001', 'localhost'],
    ['https://login.example.com:8443', 'login.example.com'],
  ])('accepts %s for the RP ID %s', (origin, rpId) => {
    expect(originProblem(origin, rpId)).toBeNull();
  });

  it.each([
    ['http://example.com', 'example.com', /https/],
    ['https://evil-example.com', 'example.com', /neither WEBAUTHN_RP_ID/],
    ['https://example.com.evil.io', 'example.com', /neither WEBAUTHN_RP_ID/],
    ['https://example.com/login', 'example.com', /bare origin/],
    ['not a url', 'example.com', /not a URL/],
  ])('refuses %s for the RP ID %s', (origin, rpId, reason) => {
    expect(originProblem(origin, rpId)).toMatch(reason);
  });
});

describe('WebAuthn settings at boot', () => {
  it('defaults to localhost and the local web app, a 5-minute challenge', () => {
    const config = loadConfig({});
    expect(config.WEBAUTHN_RP_ID).toBe('localhost');
    expect(config.WEBAUTHN_RP_NAME).toBe('Gatehouse');
    expect(config.WEBAUTHN_ORIGINS).toEqual(['http://localhost:8001']);
    expect(config.WEBAUTHN_CHALLENGE_TTL_SECONDS).toBe(300);
  });

  it('refuses each mistake with one line', () => {
    expect(configProblems(() => loadConfig({ WEBAUTHN_RP_ID: 'example.com' }))).toEqual([
      expect.stringMatching(
        /^WEBAUTHN_ORIGINS: .*"http:\/\/localhost:8001".*neither WEBAUTHN_RP_ID/,
      ),
    ]);
    expect(configProblems(() => loadConfig({ WEBAUTHN_RP_ID: 'https://example.com:443' }))).toEqual(
      [expect.stringMatching(/^WEBAUTHN_RP_ID: .*host name/)],
    );
    expect(configProblems(() => loadConfig({ WEBAUTHN_CHALLENGE_TTL_SECONDS: '900' }))).toEqual([
      expect.stringMatching(/^WEBAUTHN_CHALLENGE_TTL_SECONDS: .*600/),
    ]);
  });
});
