import type { SeededRandom } from './seeded-random.ts';

/** What goes wrong in a real recording, by count. */
export interface SensorArtifacts {
  /** Stops with the timer paused (traffic lights): gaps of 25–90 s in `timeS`. */
  pauses?: number;
  /** Optical HR losing contact: runs of NaN, 10–60 s each. */
  dropouts?: number;
  /** Impossible readings (1–3 samples well above max HR), the kind a quality filter must drop. */
  spikes?: number;
}

export interface ArtifactCounts {
  pauses: number;
  dropoutSamples: number;
  spikeSamples: number;
}

/** Returns a copy of the HR stream with dropouts and spikes; the clean one stays the ground truth. */
export function addHeartRateArtifacts(
  cleanHeartRate: Float64Array,
  sampleIntervalS: number,
  random: SeededRandom,
  artifacts: SensorArtifacts,
  maxHr: number,
): { heartRate: Float64Array; dropoutSamples: number; spikeSamples: number } {
  const heartRate = Float64Array.from(cleanHeartRate);
  const length = heartRate.length;
  for (let dropout = 0; dropout < (artifacts.dropouts ?? 0); dropout++) {
    const samples = Math.max(1, Math.round(random.between(10, 60) / sampleIntervalS));
    const start = random.integer(1, Math.max(1, length - samples - 1));
    heartRate.fill(Number.NaN, start, Math.min(length, start + samples));
  }
  for (let spike = 0; spike < (artifacts.spikes ?? 0); spike++) {
    const samples = random.integer(1, 3);
    const start = random.integer(1, Math.max(1, length - samples - 1));
    const value = Math.min(240, Math.round(maxHr + random.between(25, 45)));
    for (let index = start; index < Math.min(length, start + samples); index++) {
      if (!Number.isNaN(heartRate[index]!)) heartRate[index] = value;
    }
  }
  let dropoutSamples = 0;
  let spikeSamples = 0;
  for (let index = 0; index < length; index++) {
    const value = heartRate[index]!;
    if (Number.isNaN(value)) dropoutSamples++;
    else if (value !== cleanHeartRate[index]) spikeSamples++;
  }
  return { heartRate, dropoutSamples, spikeSamples };
}
