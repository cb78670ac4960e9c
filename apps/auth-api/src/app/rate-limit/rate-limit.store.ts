import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
} from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config';
import { MemoryCounters } from './memory-counters';

/** One named limit: `points` per `duration` seconds, counted from the first. */
export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
}

/** One atomic round trip: count the hit, start the window on the first one, report its TTL. */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {hits, ttl}`;

type Window = { hits: number; ttlMs: number };
type RedisWithHit = Redis & { rateHit(key: string, windowMs: number): Promise<[number, number]> };

/**
 * Fixed-window counters shared through Redis when REDIS_URL is set, so every auth-api process
 * enforces one count. When Redis does not answer, counting falls back to this process's
 * memory (limits stay on, per process) and ioredis keeps reconnecting in the background.
 */
@Injectable()
export class RateLimitStore implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitStore.name);
  private readonly memory = new MemoryCounters();
  private readonly redis?: RedisWithHit;
  private degraded = false;

  constructor(config: AppConfig) {
    if (!config.REDIS_URL) return;
    const redis = new Redis(config.REDIS_URL, {
      keyPrefix: config.REDIS_KEY_PREFIX,
      connectTimeout: 2000,
      enableOfflineQueue: false, // fail fast while disconnected: the memory fallback answers
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 250, 2000),
    });
    redis.defineCommand('rateHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    redis.on('error', (error: Error) => this.markDegraded(error.message));
    redis.on('ready', () => {
      if (this.degraded) this.logger.log('Redis is back: rate limits are shared again');
      this.degraded = false;
    });
    this.redis = redis as RedisWithHit;
  }

  /**
   * A limiter whose consume is one atomic step: a Lua script in Redis when REDIS_URL is set
   * (every process shares the count), else a synchronous update of this process's memory.
   * While Redis is not ready, the in-memory insurance limiter answers instead.
   */
  limiter(options: LimiterOptions): RateLimiterAbstract {
    const memory = new RateLimiterMemory(options);
    if (!this.redis) return memory;
    return new RateLimiterRedis({
      ...options,
      storeClient: this.redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  }

  get redisConfigured(): boolean {
    return this.redis !== undefined;
  }

  /** For @nestjs/throttler: counts a hit and says whether the limit is exceeded. */
  async increment(key: string, ttl: number, limit: number) {
    const { hits, ttlMs } = await this.hit(key, ttl);
    const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
    const isBlocked = hits > limit;
    return {
      totalHits: hits,
      timeToExpire: seconds,
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds : 0,
    };
  }

  async hit(key: string, windowMs: number): Promise<Window> {
    if (this.redis?.status === 'ready') {
      try {
        const [hits, ttlMs] = await this.redis.rateHit(key, windowMs);
        return { hits, ttlMs };
      } catch (error) {
        this.markDegraded((error as Error).message);
      }
    }
    return this.memory.hit(key, windowMs);
  }

  async peek(key: string): Promise<Window> {
    if (this.redis?.status === 'ready') {
      try {
        const [hits, ttlMs] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
        return hits === null
          ? { hits: 0, ttlMs: 0 }
          : { hits: Number(hits), ttlMs: Math.max(0, ttlMs) };
      } catch (error) {
        this.markDegraded((error as Error).message);
      }
    }
    return this.memory.peek(key);
  }

  async reset(key: string): Promise<void> {
    this.memory.reset(key);
    if (this.redis?.status === 'ready') await this.redis.del(key).catch(() => undefined);
  }

  /** True when Redis is configured and answers a PING within half a second. */
  async redisHealthy(): Promise<boolean> {
    if (this.redis?.status !== 'ready') return false;
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 500).unref());
    return Promise.race([
      this.redis.ping().then(
        (r) => r === 'PONG',
        () => false,
      ),
      timeout,
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    this.memory.close();
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }

  private markDegraded(reason: string): void {
    if (!this.degraded)
      this.logger.warn(`Redis unavailable (${reason}): rate limits fall back to this process`);
    this.degraded = true;
  }
}
