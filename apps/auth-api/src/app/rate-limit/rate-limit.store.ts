import { RateLimitedError } from '@gatehouse/domain';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config';

/** One named limit: `points` per `duration` seconds, counted from the first. */
export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
}

/** How often a configured Redis is probed, so a frozen one is noticed without traffic. */
const PROBE_EVERY_MS = 1000;

/**
 * Where every limit counts (rate-limiter-flexible). With REDIS_URL, in Redis, so every auth-api
 * process enforces one count; while Redis does not answer, in this process's memory (limits
 * stay on, per process) as ioredis keeps reconnecting in the background.
 *
 * A Redis that stops answering without closing the connection (a hung host, a paused server)
 * would hold every request: each command gives up after REDIS_COMMAND_TIMEOUT_MS, and a probe
 * that times out drops the connection, so until Redis answers again every limit counts in
 * memory at once and /health reports it.
 */
@Injectable()
export class RateLimitStore implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitStore.name);
  private readonly redis?: Redis;
  private readonly probe?: NodeJS.Timeout;
  private degraded = false;

  constructor(config: AppConfig) {
    if (!config.REDIS_URL) return;
    this.redis = new Redis(config.REDIS_URL, {
      keyPrefix: config.REDIS_KEY_PREFIX,
      connectTimeout: 2000,
      commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
      enableOfflineQueue: false, // fail fast while disconnected: the memory fallback answers
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 250, 2000),
    });
    this.redis.on('error', (error: Error) => this.markDegraded(error.message));
    this.redis.on('ready', () => {
      if (this.degraded) this.logger.log('Redis is back: rate limits are shared again');
      this.degraded = false;
    });
    this.probe = setInterval(() => void this.probeRedis(), PROBE_EVERY_MS);
    this.probe.unref();
  }

  /**
   * A limiter whose consume is one atomic step: a Lua script in Redis when REDIS_URL is set,
   * else a synchronous update of this process's memory. While Redis is not ready, the
   * in-memory insurance limiter answers instead.
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
    clearInterval(this.probe);
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }

  private async probeRedis(): Promise<void> {
    if (this.redis?.status !== 'ready') return;
    try {
      await this.redis.ping();
    } catch (error) {
      this.markDegraded((error as Error).message);
      this.redis.disconnect(true); // reconnects; not ready (so not waited for) until it answers
    }
  }

  private markDegraded(reason: string): void {
    if (!this.degraded)
      this.logger.warn(`Redis unavailable (${reason}): rate limits fall back to this process`);
    this.degraded = true;
  }
}

/** Consumes a point: the count so far, or RateLimitedError (429) once the limit is spent. */
export async function take(
  limiter: RateLimiterAbstract,
  key: string,
  message: string,
): Promise<number> {
  try {
    return (await limiter.consume(key)).consumedPoints;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), message);
  }
}
