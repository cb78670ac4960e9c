import { login, signedInUser, STRONG_PASSWORD } from './support/accounts';
import { at } from './support/at';
import { databases } from './support/databases';
import { tokenFrom, waitForMail } from './support/outbox';
import { useTestApp } from './support/test-app';
import { totpFor } from './support/totp';

describe.each(databases())('two-factor authentication (TOTP) [%s]', (kind) => {
  const { sut } = useTestApp(kind, { RATE_LIMIT_ENABLED: 'true' });

  /** A user with 2FA on (enabled with the current step's code). */
  async function userWithMfa() {
    const account = await signedInUser(sut.http);
    const token = account.tokens.access_token;
    const setup = await sut.http.post('/auth/2fa/setup', undefined, { token });
    expect(setup.status).toBe(200);
    const enabled = await sut.http.post(
      '/auth/2fa/enable',
      { code: totpFor(setup.body.secret) },
      { token },
    );
    expect(enabled.status).toBe(200);
    return {
      ...account,
      secret: setup.body.secret as string,
      recoveryCodes: enabled.body.recoveryCodes as string[],
    };
  }

  const passwordStep = async (email: string, password = STRONG_PASSWORD) => {
    const response = await sut.http.post('/auth/login', { email, password });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      mfa_required: true,
      mfa_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    return response.body.mfa_token as string;
  };

  it('sets up with a secret, an otpauth URL and a QR code; a wrong code does not enable it', async () => {
    const { tokens, email } = await signedInUser(sut.http);
    const setup = await sut.http.post('/auth/2fa/setup', undefined, { token: tokens.access_token });
    expect(setup.body).toEqual({
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      otpauthUrl: expect.stringMatching(/^otpauth:\/\/totp\/Gatehouse(:|%3A)/),
      qrCodeDataUrl: expect.stringMatching(/^data:image\/png;base64,/),
    });
    expect(decodeURIComponent(setup.body.otpauthUrl)).toContain(email);
    const wrong = await sut.http.post(
      '/auth/2fa/enable',
      { code: '000000' },
      { token: tokens.access_token },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'WRONG_MFA_CODE' });
    expect(
      (await sut.http.post('/auth/2fa/enable', { code: 'abc' }, { token: tokens.access_token }))
        .status,
    ).toBe(400);
    expect((await sut.http.get('/auth/me', { token: tokens.access_token })).body.mfaEnabled).toBe(
      false,
    );
  });

  it('enables with a code, gives ten recovery codes, and stores the secret encrypted', async () => {
    const { user, secret, recoveryCodes, tokens } = await userWithMfa();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect((await sut.http.get('/auth/me', { token: tokens.access_token })).body.mfaEnabled).toBe(
      true,
    );
    const stored = JSON.stringify(
      await sut.query('SELECT * FROM user_mfa WHERE user_id = ?', [user.id]),
    );
    expect(stored).not.toContain(secret);
    const codes = JSON.stringify(
      await sut.query('SELECT code_hash FROM mfa_recovery_codes WHERE user_id = ?', [user.id]),
    );
    for (const code of recoveryCodes) expect(codes).not.toContain(code);
    expect(
      (await sut.http.post('/auth/2fa/setup', undefined, { token: tokens.access_token })).status,
    ).toBe(409);
  });

  it('asks for the code after the password, and a code works only once', async () => {
    const { email, secret } = await userWithMfa();
    const mfaToken = await passwordStep(email);
    // The enabling code used this step; an app whose clock runs a step ahead gives the next one.
    const code = totpFor(secret, Date.now() + 30_000);
    const ok = await sut.http.post('/auth/login/mfa', { mfa_token: mfaToken, code });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
    expect((await sut.http.post('/auth/login/mfa', { mfa_token: mfaToken, code })).status).toBe(
      401,
    );
    const replay = await sut.http.post('/auth/login/mfa', {
      mfa_token: await passwordStep(email),
      code,
    });
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ code: 'INVALID_MFA_CODE' });
  });

  it('accepts a recovery code in place of a code, once', async () => {
    const { email, recoveryCodes } = await userWithMfa();
    const first = at(recoveryCodes, 0);
    expect(
      (
        await sut.http.post('/auth/login/mfa', {
          mfa_token: await passwordStep(email),
          code: first.toUpperCase(),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await sut.http.post('/auth/login/mfa', {
          mfa_token: await passwordStep(email),
          code: first,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await sut.http.post('/auth/login/mfa', {
          mfa_token: await passwordStep(email),
          code: recoveryCodes[1],
        })
      ).status,
    ).toBe(200);
  });

  it('refuses an unknown or expired step token', async () => {
    const { email, secret, user } = await userWithMfa();
    expect(
      (await sut.http.post('/auth/login/mfa', { mfa_token: 'x'.repeat(43), code: totpFor(secret) }))
        .status,
    ).toBe(401);
    const mfaToken = await passwordStep(email);
    await sut.query(
      "UPDATE action_tokens SET expires_at = created_at WHERE user_id = ? AND purpose = 'mfa_login'",
      [user.id],
    );
    expect(
      (await sut.http.post('/auth/login/mfa', { mfa_token: mfaToken, code: totpFor(secret) }))
        .status,
    ).toBe(401);
  });

  it('counts wrong codes toward the login limit', async () => {
    const { email } = await userWithMfa();
    const mfaToken = await passwordStep(email);
    for (let i = 0; i < 5; i++) {
      expect(
        (await sut.http.post('/auth/login/mfa', { mfa_token: mfaToken, code: String(100000 + i) }))
          .status,
      ).toBe(401);
    }
    const limited = await sut.http.post('/auth/login/mfa', { mfa_token: mfaToken, code: '123456' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(
      429,
    );
  });

  it('is not bypassed by a password reset', async () => {
    const { email } = await userWithMfa();
    await sut.http.post('/auth/forgot-password', { email });
    const token = tokenFrom(
      await waitForMail(sut.config.MAIL_OUTBOX_DIR, email, /Reset/),
      '/reset-password',
    );
    expect(
      (await sut.http.post('/auth/reset-password', { token, password: 'brand new passphrase 9' }))
        .status,
    ).toBe(204);
    await passwordStep(email, 'brand new passphrase 9'); // still asks for the second factor
  });

  it('turns off with the password and a code, and then login is one step again', async () => {
    const { email, tokens, recoveryCodes } = await userWithMfa();
    const noPassword = await sut.http.post(
      '/auth/2fa/disable',
      { password: 'wrong password', code: recoveryCodes[0] },
      { token: tokens.access_token },
    );
    expect(noPassword.body).toMatchObject({ code: 'WRONG_PASSWORD' });
    const noCode = await sut.http.post(
      '/auth/2fa/disable',
      { password: STRONG_PASSWORD, code: '000000' },
      { token: tokens.access_token },
    );
    expect(noCode.body).toMatchObject({ code: 'WRONG_MFA_CODE' });
    const off = await sut.http.post(
      '/auth/2fa/disable',
      { password: STRONG_PASSWORD, code: recoveryCodes[0] },
      { token: tokens.access_token },
    );
    expect(off.status).toBe(204);
    expect((await login(sut.http, email)).token_type).toBe('Bearer');
    await waitForMail(sut.config.MAIL_OUTBOX_DIR, email, /turned off/);
  });

  it('ends the other sessions when 2FA is turned on or off, and keeps this one', async () => {
    const account = await signedInUser(sut.http);
    const here = account.tokens;
    const elsewhere = await login(sut.http, account.email);
    const setup = await sut.http.post('/auth/2fa/setup', undefined, { token: here.access_token });
    const enabled = await sut.http.post(
      '/auth/2fa/enable',
      { code: totpFor(setup.body.secret) },
      { token: here.access_token },
    );
    expect(enabled.status).toBe(200);
    const refreshElsewhere = (token: string) =>
      sut.http.post('/auth/refresh', { refresh_token: token });
    expect((await sut.http.get('/auth/me', { token: elsewhere.access_token })).status).toBe(401);
    expect((await refreshElsewhere(elsewhere.refresh_token)).status).toBe(401);
    expect((await sut.http.get('/auth/me', { token: here.access_token })).status).toBe(200);

    // Signed in again on the other device (password and code), then 2FA goes off here.
    const step = await passwordStep(account.email);
    const second = await sut.http.post('/auth/login/mfa', {
      mfa_token: step,
      code: enabled.body.recoveryCodes[0],
    });
    expect(second.status).toBe(200);
    const off = await sut.http.post(
      '/auth/2fa/disable',
      { password: STRONG_PASSWORD, code: enabled.body.recoveryCodes[1] },
      { token: here.access_token },
    );
    expect(off.status).toBe(204);
    expect((await sut.http.get('/auth/me', { token: second.body.access_token })).status).toBe(401);
    expect((await sut.http.get('/auth/me', { token: here.access_token })).status).toBe(200);
  });
});
