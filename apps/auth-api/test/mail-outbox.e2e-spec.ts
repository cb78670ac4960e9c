import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { registerUser } from './support/accounts';
import { waitForMail } from './support/outbox';
import { useTestApp } from './support/test-app';

/** The embedded mail outbox: .eml files hold live links, so only the API's user reads them. */
describe('the mail outbox [sqlite]', () => {
  const { sut } = useTestApp('sqlite');

  it('writes each message readable by its owner only, in a directory only its owner opens', async () => {
    const { email } = await registerUser(sut.http);
    await waitForMail(sut.config.MAIL_OUTBOX_DIR, email, /confirm/i);
    const dir = sut.config.MAIL_OUTBOX_DIR;
    const files = readdirSync(dir).filter((name) => name.endsWith('.eml'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
