import { Worker } from 'node:worker_threads';

/**
 * Compiles MJML in a worker thread that exits once idle. MJML and what it loads take ~50 MB of a
 * process that sends thousands of digests (measured), yet it runs only for the few layouts not compiled
 * yet: loading it in a worker gives the memory back when the worker ends.
 *
 * The worker is plain CommonJS (evaluated from a string): worker threads do not inherit the TypeScript
 * loader that bin/weekwise.js registers. It resolves `mjml` from this file's folder.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const mjml2html = require('node:module').createRequire(workerData.from)('mjml');
parentPort.on('message', ({ id, mjml, options }) => {
  Promise.resolve()
    .then(() => mjml2html(mjml, options))
    .then(
      (result) => parentPort.postMessage({ id, html: result.html }),
      (error) => parentPort.postMessage({ id, error: String((error && error.message) || error) }),
    );
});
`;

/**
 * A batch of digests meets its few layout shapes within its first seconds; a worker kept longer only holds
 * its ~50 MB while the digests render beside it (measured: the batch's peak memory).
 */
const IDLE_EXIT_MS = 2_000;

interface Pending {
  resolve(html: string): void;
  reject(error: Error): void;
}

export class MjmlCompiler {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: Record<string, unknown>) {}

  compile(mjml: string): Promise<string> {
    const worker = this.worker ?? this.start();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    // Referenced while a compile is pending, so the process waits for it; unreferenced when idle.
    worker.ref();
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, mjml, options: this.options });
    });
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { from: import.meta.url },
      // It compiles a few layouts and exits: a small young generation costs a few more collections and
      // holds ~15 MB less while it lives beside the first digests of a batch (measured: +37 MB, not +52).
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    worker.on('message', (message: { id: number; html?: string; error?: string }) => {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) pending?.reject(new Error(`MJML: ${message.error}`));
      else pending?.resolve(message.html ?? '');
      if (this.pending.size === 0) this.idle(worker);
    });
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', () => this.fail(worker, new Error('the MJML worker exited')));
    this.worker = worker;
    return worker;
  }

  private idle(worker: Worker): void {
    worker.unref();
    this.idleTimer = setTimeout(() => {
      if (this.worker === worker && this.pending.size === 0) {
        this.worker = null;
        void worker.terminate();
      }
    }, IDLE_EXIT_MS);
    this.idleTimer.unref();
  }

  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
