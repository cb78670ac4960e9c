/** Fixed-window counters in this process: the fallback when Redis is absent or away. */
export class MemoryCounters {
  private readonly windows = new Map<string, { hits: number; expiresAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  hit(key: string, windowMs: number, now = Date.now()): { hits: number; ttlMs: number } {
    let window = this.windows.get(key);
    if (!window || window.expiresAt <= now) {
      window = { hits: 0, expiresAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return { hits: window.hits, ttlMs: window.expiresAt - now };
  }

  peek(key: string, now = Date.now()): { hits: number; ttlMs: number } {
    const window = this.windows.get(key);
    return !window || window.expiresAt <= now
      ? { hits: 0, ttlMs: 0 }
      : { hits: window.hits, ttlMs: window.expiresAt - now };
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private sweep(now = Date.now()): void {
    for (const [key, window] of this.windows) if (window.expiresAt <= now) this.windows.delete(key);
  }
}
