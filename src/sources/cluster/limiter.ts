/**
 * At most N requests in flight. A Service on hundreds of nodes means hundreds of node GETs; the
 * API server's priority-and-fairness queues would throttle a burst like that, and a request that
 * waits here has not started its --request-timeout yet.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
