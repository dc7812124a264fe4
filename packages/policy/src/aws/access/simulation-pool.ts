import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Simulation } from '@cloud-copilot/iam-simulate';
import type { Evidence } from './evaluate';

/** The worker's script, beside this module once built (`dist/aws/access/simulation-worker.js`). */
const WORKER_FILE = path.join(__dirname, 'simulation-worker.js');

interface Pending {
  readonly resolve: (e: Evidence) => void;
  readonly reject: (e: Error) => void;
}

/**
 * iam-simulate in worker threads: the access evaluation's distinct simulations (about 2,000 for the
 * sample estate, most of the audit's CPU) spread over the machine's cores while the main thread
 * keys, caches and words the answers. Each simulation goes to the worker with the fewest in flight;
 * a worker runs several at once, as the simulator reads its IAM data asynchronously. A worker that
 * fails rejects what it holds, so the audit fails loudly rather than answering short.
 */
export class SimulationPool {
  /**
   * A pool of `size` workers, or undefined where workers cannot run this module's built script (the
   * TypeScript sources under jest) or are turned off (`NPLZ_SERIAL=1`, one thread, for comparison).
   * @param workerFile the built worker script (a test of the sources names the built one)
   */
  static create(size: number = Math.min(2, os.availableParallelism()), workerFile: string = WORKER_FILE): SimulationPool | undefined {
    if (process.env.NPLZ_SERIAL === '1' || size < 1 || !fs.existsSync(workerFile)) return undefined;
    return new SimulationPool(size, workerFile);
  }

  private readonly workers: { worker: Worker; pending: Map<number, Pending> }[] = [];
  private next = 0;
  private failure: Error | undefined;

  private constructor(size: number, workerFile: string) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(workerFile);
      const pending = new Map<number, Pending>();
      const fail = (err: Error) => {
        this.failure ??= err;
        for (const p of pending.values()) p.reject(err);
        pending.clear();
      };
      worker.on('message', (m: { id: number; evidence?: Evidence; error?: string }) => {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.evidence) p.resolve(m.evidence);
        else p.reject(new Error(`the access simulation failed in a worker thread: ${m.error ?? 'no answer'}`));
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (pending.size)
          fail(new Error(`an access simulation worker thread exited (code ${code}) with ${pending.size} simulations unanswered`));
      });
      this.workers.push({ worker, pending });
    }
  }

  run(sim: Simulation): Promise<Evidence> {
    if (this.failure) return Promise.reject(this.failure);
    const target = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.next++;
    return new Promise<Evidence>((resolve, reject) => {
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, sim });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
