/**
 * Bounded concurrency for collection steps: at most `limit` kubectl processes at once, tasks may add more tasks
 * (a pod list adds its log tasks), and `drain` resolves when everything added has settled. A task that throws
 * does not stop the others; the first such error is rethrown by `drain` (collection steps record their own
 * failures, so a throw here is a bug or an interruption).
 */
export class WorkQueue {
  private readonly waiting: Array<() => Promise<void>> = [];
  private running = 0;
  private failure: Error | undefined;
  private idle: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  add(task: () => Promise<void>): void {
    this.waiting.push(task);
    this.pump();
  }

  async drain(): Promise<void> {
    if (this.running > 0 || this.waiting.length > 0) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /** Drops tasks not yet started (on interruption). */
  clear(): void {
    this.waiting.length = 0;
    this.pump();
  }

  private pump(): void {
    while (this.running < this.limit) {
      const task = this.waiting.shift();
      if (!task) break;
      this.running += 1;
      task()
        .catch((error: unknown) => {
          this.failure ??= error instanceof Error ? error : new Error('a collection task failed', { cause: error });
        })
        .finally(() => {
          this.running -= 1;
          this.pump();
        });
    }
    if (this.running === 0 && this.waiting.length === 0) {
      const idle = this.idle;
      this.idle = [];
      for (const resolve of idle) resolve();
    }
  }
}
