import { Injectable, type OnModuleInit } from '@nestjs/common';
import { argon2id, hash, needsRehash, verify } from 'argon2';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { ConcurrencyLimit } from './concurrency-limit';
import { hashSlots } from './hash-slots';

/**
 * argon2id at the OWASP parameters by default; runs on libuv's thread pool, off the event loop.
 * At most one hash per core runs at once (see hashSlots): more adds no throughput (the work is
 * CPU-bound) but holds ARGON2_MEMORY_KIB each.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly options: {
    type: typeof argon2id;
    memoryCost: number;
    timeCost: number;
    parallelism: number;
  };
  /** Verified against when the email is unknown, so both cases cost the same time. */
  private dummyHash = '';
  private readonly slots = new ConcurrencyLimit(hashSlots());

  constructor(config: AppConfig) {
    this.options = {
      type: argon2id,
      memoryCost: config.ARGON2_MEMORY_KIB,
      timeCost: config.ARGON2_ITERATIONS,
      parallelism: config.ARGON2_PARALLELISM,
    };
  }

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(16).toString('hex'));
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() => hash(password, this.options));
  }

  /** A passwordless account (null hash) never matches, after the same work as a real check. */
  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (passwordHash === null) return this.verifyAgainstDummy(password);
    try {
      return await this.slots.run(() => verify(passwordHash, password));
    } catch {
      return false; // an unreadable hash never matches
    }
  }

  /** Spends the same time as a real verification, and always fails. */
  async verifyAgainstDummy(password: string): Promise<false> {
    await this.verify(this.dummyHash, password);
    return false;
  }

  /** True when the hash was made with other parameters than today's: rehash on next login. */
  isOutdated(passwordHash: string | null): boolean {
    if (passwordHash === null) return false;
    try {
      return needsRehash(passwordHash, this.options);
    } catch {
      return true;
    }
  }
}
