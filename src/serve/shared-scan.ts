/**
 * First reads of logs in a single-stream archive (another tool's .tar.gz, any .tar.xz) cost a decompression from the
 * archive's start each. Reads that arrive while a pass is under way and whose file it has not passed yet join that
 * pass instead of starting their own: `kubectl logs` on several pods at once (k9s, a script, a dashboard) costs one
 * decompression, not one per pod.
 */
import { PassThrough, type Readable } from 'node:stream';
import type { Diagnostic } from '../model/snapshot.js';
import type { BundleEntry } from '../reader/index.js';

export interface EntryLister {
  readonly path: string;
  entries(diagnostics: Diagnostic[]): AsyncIterable<BundleEntry>;
}

interface Waiter {
  resolve: (stream: Readable) => void;
  reject: (error: Error) => void;
}

class Pass {
  readonly passed = new Set<string>();
  private readonly wanted = new Map<string, Waiter[]>();
  finished = false;

  constructor(private readonly source: EntryLister) {
    void this.run();
  }

  want(path: string): Promise<Readable> {
    return new Promise((resolve, reject) => {
      const waiters = this.wanted.get(path);
      if (waiters) waiters.push({ resolve, reject });
      else this.wanted.set(path, [{ resolve, reject }]);
    });
  }

  private async run(): Promise<void> {
    let failure: Error | undefined;
    try {
      for await (const entry of this.source.entries([])) {
        this.passed.add(entry.path);
        const waiters = this.wanted.get(entry.path);
        if (!waiters) continue;
        this.wanted.delete(entry.path);
        await fanOut(entry.stream, waiters);
        if (this.wanted.size === 0) break;
      }
    } catch (error) {
      failure = error as Error;
    } finally {
      this.finished = true;
    }
    for (const [path, waiters] of this.wanted) {
      const error = failure ? new Error(`cannot read ${path} from ${this.source.path}: ${failure.message}`) : new Error(`${path} is not in the bundle ${this.source.path}`);
      for (const waiter of waiters) waiter.reject(error);
    }
    this.wanted.clear();
  }
}

/** Copies one entry to every reader that asked for it, at the pace of the slowest; a reader that leaves is dropped. */
async function fanOut(stream: Readable, waiters: Waiter[]): Promise<void> {
  const outs = waiters.map((waiter) => {
    const out = new PassThrough();
    waiter.resolve(out);
    return out;
  });
  try {
    for await (const chunk of stream) {
      for (const out of outs) {
        if (out.destroyed || out.write(chunk)) continue;
        await new Promise<void>((resume) => {
          out.once('drain', resume);
          out.once('close', resume);
        });
      }
    }
    for (const out of outs) if (!out.destroyed) out.end();
  } catch (error) {
    for (const out of outs) out.destroy(error as Error);
  }
}

export class SharedScan {
  private pass?: Pass;

  constructor(private readonly source: EntryLister) {}

  /** The file's bytes, from the pass under way if it has not passed the file yet, else from a new pass. */
  open(path: string): Promise<Readable> {
    if (!this.pass || this.pass.finished || this.pass.passed.has(path)) this.pass = new Pass(this.source);
    return this.pass.want(path);
  }
}
