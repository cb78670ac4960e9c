/** Runs at most `limit` tasks at once; the others wait their turn in arrival order. */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // A freed slot passes straight to the next waiter, so a newcomer arriving before the
      // waiter resumes cannot take it as well.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
