import type { ActivityStreams } from '../../../src/domain/activity.ts';

/** A value held constant, ramped linearly over the segment, or missing (NaN: a dropout). */
export type SegmentValue = number | readonly [from: number, to: number] | null;

interface Segment {
  kind: 'move';
  durationS: number;
  hr: SegmentValue;
  speedMps: SegmentValue;
  gradePct: number;
}

interface Pause {
  kind: 'pause';
  durationS: number;
}

function valueAt(value: SegmentValue, fraction: number): number {
  if (value === null) return Number.NaN;
  if (typeof value === 'number') return value;
  return value[0] + (value[1] - value[0]) * fraction;
}

/**
 * Synthetic streams for tests: segments of constant, stepped or ramped heart rate and speed, pauses and
 * spikes. Samples every `intervalS` from 0; each value holds until the next sample (as devices record);
 * a pause closes the segment with a sample at its end, so moving time is exactly the segments' sum.
 * Durations that are multiples of the interval give identical zone times at any interval.
 */
export class StreamBuilder {
  private readonly parts: (Segment | Pause)[] = [];
  private readonly spikes: { atS: number; durationS: number; hr: number }[] = [];
  private hilly = false;

  /** Heart rate (bpm) and speed (m/s) over `durationS` seconds of moving time, on a grade (%). */
  segment(durationS: number, hr: SegmentValue, speedMps: SegmentValue = 3, gradePct = 0): this {
    this.parts.push({ kind: 'move', durationS, hr, speedMps, gradePct });
    if (gradePct !== 0) this.hilly = true;
    return this;
  }

  /** Minutes, for readability: `.minutes(20, 150)`. */
  minutes(count: number, hr: SegmentValue, speedMps: SegmentValue = 3, gradePct = 0): this {
    return this.segment(count * 60, hr, speedMps, gradePct);
  }

  pause(durationS: number): this {
    this.parts.push({ kind: 'pause', durationS });
    return this;
  }

  /** Overwrites heart rate from `atS` (elapsed time) for `durationS` with an impossible value. */
  spike(atS: number, durationS: number, hr: number): this {
    this.spikes.push({ atS, durationS, hr });
    return this;
  }

  build(
    options: { intervalS?: number; heartRate?: boolean; pace?: 'speed' | 'distance' | 'both' | 'none' } = {},
  ) {
    const interval = options.intervalS ?? 1;
    const withHeartRate = options.heartRate ?? true;
    const pace = options.pace ?? 'both';
    const time: number[] = [];
    const hr: number[] = [];
    const speed: number[] = [];
    const grade: number[] = [];
    let clock = 0;
    let lastGrade = 0;
    let lastHr = Number.NaN;
    let lastSpeed = 0;
    for (const part of this.parts) {
      if (part.kind === 'pause') {
        // Close the moving part with a sample at its end, then resume after the gap.
        if (time.length === 0 || time[time.length - 1] !== clock) {
          time.push(clock);
          hr.push(lastHr);
          speed.push(lastSpeed);
          grade.push(0);
        }
        clock += part.durationS;
        continue;
      }
      for (let offset = 0; offset < part.durationS; offset += interval) {
        const fraction = part.durationS > 0 ? offset / part.durationS : 0;
        lastHr = valueAt(part.hr, fraction);
        lastSpeed = valueAt(part.speedMps, fraction);
        time.push(clock + offset);
        hr.push(lastHr);
        speed.push(lastSpeed);
        grade.push(part.gradePct);
      }
      lastGrade = part.gradePct;
      clock += part.durationS;
    }
    time.push(clock);
    hr.push(lastHr);
    speed.push(lastSpeed);
    grade.push(lastGrade);
    for (const spike of this.spikes) {
      for (let index = 0; index < time.length; index++) {
        const at = time[index]!;
        if (at >= spike.atS && at < spike.atS + spike.durationS) hr[index] = spike.hr;
      }
    }
    const distance: number[] = [0];
    const altitude: number[] = [100];
    for (let index = 1; index < time.length; index++) {
      const dt = time[index]! - time[index - 1]!;
      const moving = dt <= 15 ? (speed[index - 1] ?? 0) : 0;
      const step = (Number.isFinite(moving) ? moving : 0) * dt;
      distance.push(distance[index - 1]! + step);
      altitude.push(altitude[index - 1]! + (step * grade[index - 1]!) / 100);
    }
    const streams: ActivityStreams = { timeS: Float64Array.from(time) };
    if (withHeartRate) streams.heartRate = Float64Array.from(hr);
    if (pace === 'speed' || pace === 'both') streams.speedMps = Float64Array.from(speed);
    if (pace === 'distance' || pace === 'both') streams.distanceM = Float64Array.from(distance);
    if (this.hilly) streams.altitudeM = Float64Array.from(altitude);
    return streams;
  }

  /** Total moving seconds (segments only). */
  movingTimeS(): number {
    return this.parts.reduce((sum, part) => sum + (part.kind === 'move' ? part.durationS : 0), 0);
  }

  elapsedTimeS(): number {
    return this.parts.reduce((sum, part) => sum + part.durationS, 0);
  }
}

export function streams(): StreamBuilder {
  return new StreamBuilder();
}
