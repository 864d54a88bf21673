import cliProgress from 'cli-progress';

export interface Progress {
  start(total: number): void;
  tick(label: string): void;
  stop(): void;
}

const silent: Progress = { start() {}, tick() {}, stop() {} };

/** A progress bar on stderr when a person is watching; nothing when output is piped or machine-read. */
export function createProgress(enabled: boolean, unit: string): Progress {
  if (!enabled || !process.stderr.isTTY) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: ` {bar} {value}/{total} ${unit} | {label}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { label: '' }),
    tick: (label) => bar.increment(1, { label }),
    stop: () => bar.stop(),
  };
}
