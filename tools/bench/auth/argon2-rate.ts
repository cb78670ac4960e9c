import { argon2id, hash, verify } from 'argon2';
import { execFileSync } from 'node:child_process';
import { IMAGE_RUNTIME_ENV } from './runtime-env';

/**
 * The physical limit for logins: argon2id verifications per second at the OWASP parameters,
 * with as many in flight as libuv's thread pool runs (the same pool the API uses). Measured in
 * a process of its own with the image's memory settings, which change the hashes' speed.
 */
export function argon2VerifyRate(seconds = 5): number {
  const output = execFileSync(
    process.execPath,
    ['-r', './tools/node/register.cjs', __filename, String(seconds)],
    { env: { PATH: process.env['PATH'] ?? '', ...IMAGE_RUNTIME_ENV }, encoding: 'utf8' },
  );
  return Number(output.trim());
}

async function measure(seconds: number): Promise<number> {
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

if (require.main === module) {
  void measure(Number(process.argv[2])).then((rate) => process.stdout.write(`${rate}\n`));
}
