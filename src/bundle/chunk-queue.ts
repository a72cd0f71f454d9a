/**
 * Where a TarReader's bytes come from. A decoder pushes chunks in with `'data'` events, the reader takes them
 * synchronously while any are buffered and waits only when none is: per chunk that is an array push and shift, where
 * a stream's async iterator costs several promises and a pass through the stream's own buffer.
 */

export interface ChunkSource {
  /**
   * A buffered chunk, `null` when none is buffered right now, `undefined` once the source has ended. Throws the
   * source's failure once every chunk before it was taken.
   */
  poll(): Buffer | null | undefined;
  /** Settles once `poll` has something new to say. */
  wait(): Promise<void>;
}

/** What a queue pauses when it holds enough: the decoder's output, so the decoder (and xz behind a pipe) waits. */
export interface FlowControl {
  pause(): void;
  resume(): void;
}

/**
 * Chunks pushed by a producer, taken by one consumer. Past `highWater` buffered bytes the producer is paused, and
 * resumed once the consumer has taken half of them: the queue never holds much more than `highWater`. Chunks pushed
 * before a failure are handed out before it.
 */
export class ChunkQueue implements ChunkSource {
  private chunks: Buffer[] = [];
  private head = 0;
  private bytes = 0;
  private paused = false;
  private ended = false;
  private failure: Error | undefined;
  private waiting: { promise: Promise<void>; wake: () => void } | undefined;

  constructor(
    private readonly flow: FlowControl,
    private readonly highWater = 1024 * 1024,
  ) {}

  push(chunk: Buffer): void {
    if (this.ended || this.failure || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (!this.paused && this.bytes >= this.highWater) {
      this.paused = true;
      this.flow.pause();
    }
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.notify();
  }

  poll(): Buffer | null | undefined {
    const chunk = this.chunks[this.head];
    if (chunk !== undefined) {
      this.head++;
      // Compact now and then rather than shift() per chunk.
      if (this.head === this.chunks.length) {
        this.chunks = [];
        this.head = 0;
      } else if (this.head >= 1024) {
        this.chunks = this.chunks.slice(this.head);
        this.head = 0;
      }
      this.bytes -= chunk.length;
      if (this.paused && this.bytes <= this.highWater / 2) {
        this.paused = false;
        this.flow.resume();
      }
      return chunk;
    }
    if (this.failure) throw this.failure;
    return this.ended ? undefined : null;
  }

  wait(): Promise<void> {
    if (this.head < this.chunks.length || this.ended || this.failure) return Promise.resolve();
    if (!this.waiting) {
      let wake = () => {};
      const promise = new Promise<void>((resolve) => {
        wake = resolve;
      });
      this.waiting = { promise, wake };
    }
    return this.waiting.promise;
  }

  private notify(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    this.waiting = undefined;
    waiting.wake();
  }
}

/** An async iterator as a chunk source: one chunk pulled ahead at a time, when the reader asks for it. */
export function iteratorSource(iterator: AsyncIterator<Buffer | Uint8Array | string>): ChunkSource {
  let next: IteratorResult<Buffer | Uint8Array | string> | undefined;
  let failure: Error | undefined;
  let pulling: Promise<void> | undefined;
  let done = false;
  return {
    poll() {
      if (next !== undefined) {
        const result = next;
        next = undefined;
        if (result.done) {
          done = true;
          return undefined;
        }
        const value = result.value;
        return Buffer.isBuffer(value) ? value : typeof value === 'string' ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      }
      if (failure) throw failure;
      return done ? undefined : null;
    },
    wait() {
      if (next !== undefined || failure || done) return Promise.resolve();
      pulling ??= iterator.next().then(
        (result) => {
          next = result;
          pulling = undefined;
        },
        (error: unknown) => {
          failure = error instanceof Error ? error : new Error(String(error));
          pulling = undefined;
        },
      );
      return pulling;
    },
  };
}
