import { argon2id, hash, verify } from 'argon2';

/**
 * The physical limit for logins: argon2id verifications per second at the OWASP parameters,
 * with as many in flight as libuv's thread pool runs (the same pool the API uses).
 */
export async function argon2VerifyRate(seconds = 5): Promise<number> {
  const password = 'correct horse battery staple';
  const digest = await hash(password, {
    type: argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (Date.now() < deadline) {
      await verify(digest, password);
      done += 1;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: 8 }, worker));
  return done / ((Date.now() - started) / 1000);
}
