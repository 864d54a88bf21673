/** Helpers for the `npm run bench:*` scripts: timing, peak memory and a plain report. */
/** Wall-clock seconds, and the CPU seconds this process spent meanwhile (all its threads, not the database's). */
export async function timed<T>(
  work: () => Promise<T>,
): Promise<{ result: T; seconds: number; cpuSeconds: number }> {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const result = await work();
  const cpu = process.cpuUsage(cpuStart);
  return {
    result,
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

/** Samples resident memory every 10 ms until stopped; returns the peak in MiB. */
export function trackPeakMemory(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak / 1024 / 1024;
    },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function printRows(title: string, rows: Array<[string, string]>): void {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}
