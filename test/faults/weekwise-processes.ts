import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CliProcess, startCli } from '../support/run-cli.ts';

export interface NamedProcess {
  name: string;
  process: CliProcess;
}

/** The job a SIGKILL interrupted, as the dead worker's last log lines tell it. */
export interface KilledJob {
  worker: string;
  job: string;
  jobId: string;
  /** The worker logged no outcome for the job: the kill landed while its handler ran. */
  midJob: boolean;
}

/**
 * weekwise as it is deployed: `weekwise serve` and worker processes, each a real child process started
 * from bin/weekwise.js with nothing but its environment. Workers log at debug, so the suite sees each job
 * start and can kill a worker in the middle of one.
 */
export class WeekwiseProcesses {
  readonly workers: NamedProcess[] = [];
  private readonly retired: NamedProcess[] = [];
  private serveProcess: NamedProcess | null = null;
  private workerNumber = 0;

  constructor(private readonly env: Record<string, string>) {}

  async startServe(): Promise<void> {
    const process = startCli(['serve'], { ...this.env, LOG_LEVEL: 'info' });
    this.serveProcess = { name: 'serve', process };
    await process.waitForLine(/weekwise is serving/);
  }

  async startWorker(): Promise<NamedProcess> {
    this.workerNumber += 1;
    const worker = { name: `worker-${this.workerNumber}`, process: startCli(['worker'], this.env) };
    this.workers.push(worker);
    await worker.process.waitForLine(/"msg":"worker ready"/);
    return worker;
  }

  /**
   * SIGKILLs the first worker that starts a job from now on, the moment its "job started" line arrives,
   * and starts a worker in its place. The job stays active in Redis under a lock nobody renews.
   */
  async killWorkerMidJob(timeoutMs = 60_000): Promise<KilledJob> {
    const offsets = new Map(this.workers.map((worker) => [worker, worker.process.output().length]));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const worker of this.workers) {
        const fresh = worker.process.output().slice(offsets.get(worker) ?? 0);
        const started = fresh
          .split('\n')
          .filter((text) => text.includes('"msg":"job started"'))
          .map(parseLogLine)
          .find((entry) => entry !== null);
        if (!started) continue;
        worker.process.kill('SIGKILL');
        await worker.process.exited;
        this.workers.splice(this.workers.indexOf(worker), 1);
        this.retired.push(worker);
        const outcome = worker.process
          .output()
          .split('\n')
          .some(
            (text) =>
              text.includes(`"jobId":"${started.jobId}"`) &&
              /"msg":"(job done|job skipped|job failed[^"]*)"/.test(text),
          );
        await this.startWorker();
        return { worker: worker.name, job: started.job, jobId: started.jobId, midJob: !outcome };
      }
      await sleep(5);
    }
    throw new Error(`no worker started a job within ${timeoutMs} ms`);
  }

  /** Lines of every worker, dead or alive, with this text (e.g. "job failed for good"). */
  workerLines(text: string): string[] {
    return [...this.retired, ...this.workers].flatMap((worker) =>
      worker.process
        .output()
        .split('\n')
        .filter((line) => line.includes(text)),
    );
  }

  /** SIGTERM (the workers finish the jobs in hand), SIGKILL for whatever is still running after 15 s. */
  async stop(): Promise<void> {
    const running = [...this.workers, ...(this.serveProcess ? [this.serveProcess] : [])];
    for (const { process } of running) process.kill('SIGTERM');
    await Promise.all(
      running.map(async ({ process }) => {
        const exited = await Promise.race([process.exited.then(() => true), sleep(15_000).then(() => false)]);
        if (!exited) {
          process.kill('SIGKILL');
          await process.exited;
        }
      }),
    );
  }

  /** Writes every process's output to `directory` (for reading after a failed run); returns the files. */
  saveLogs(directory: string): string[] {
    mkdirSync(directory, { recursive: true });
    const all = [...(this.serveProcess ? [this.serveProcess] : []), ...this.retired, ...this.workers];
    return all.map(({ name, process }) => {
      const file = join(directory, `${name}.log`);
      writeFileSync(file, process.output());
      return file;
    });
  }
}

/** A JSON log line of a job; null for a line cut by the start of the slice read. */
function parseLogLine(line: string): { job: string; jobId: string } | null {
  try {
    const entry = JSON.parse(line) as { job?: unknown; jobId?: unknown };
    return typeof entry.job === 'string' && typeof entry.jobId === 'string'
      ? { job: entry.job, jobId: entry.jobId }
      : null;
  } catch {
    return null;
  }
}
