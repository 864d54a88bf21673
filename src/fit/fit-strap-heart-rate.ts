import { Decoder, Stream } from '@garmin/fitsdk';
import { sanitiseHeartRate } from './fit-record-streams.ts';
import type { FitSection } from './fit-sections.ts';
import { FIT_EPOCH_MS } from './fit-time.ts';

/** Heart beats stored by a strap (`hr` messages), ascending in time. */
export interface StrapHeartBeats {
  timesMs: Float64Array;
  bpm: Float64Array;
}

/** event_timestamp is a uint32 in 1/1024 s: it wraps after 2^32 / 1024 seconds. */
const EVENT_TIMESTAMP_ROLLOVER_S = 0x400000;
/** As the Garmin SDK does: a beat's value is carried forward over gaps of up to 5 s. */
const CARRY_FORWARD_MS = 5000;

interface HrMessage {
  timestamp?: Date;
  fractionalTimestamp?: number;
  eventTimestamp?: number | number[];
  filteredBpm?: number | number[];
}

/**
 * Decodes the `hr` messages of the given sections. A Garmin watch with a chest strap appends, after a swim,
 * the heart rate the strap stored under water as extra FIT sections of `hr` messages whose beat times
 * are packed 12-bit deltas: the Garmin SDK expands those components, fit-file-parser does not.
 */
export function readStrapHeartBeats(sections: readonly FitSection[]): StrapHeartBeats | null {
  const messages: HrMessage[] = [];
  for (const section of sections) {
    const { messages: decoded } = new Decoder(Stream.fromByteArray(section.bytes)).read({
      mergeHeartRates: false,
    });
    messages.push(...((decoded.hrMesgs ?? []) as HrMessage[]));
  }
  return expandHeartBeats(messages);
}

/** The beats of anchored `hr` messages (anchor: timestamp + one event_timestamp), as the SDK expands them. */
export function expandHeartBeats(messages: readonly HrMessage[]): StrapHeartBeats | null {
  const times: number[] = [];
  const bpms: number[] = [];
  let anchorS = Number.NaN;
  let anchorEventS = Number.NaN;
  for (const message of messages) {
    const events = toArray(message.eventTimestamp);
    const beats = toArray(message.filteredBpm);
    if (message.timestamp instanceof Date) {
      if (events.length !== 1) continue;
      anchorS = (message.timestamp.getTime() - FIT_EPOCH_MS) / 1000 + (message.fractionalTimestamp ?? 0);
      anchorEventS = events[0]!;
    }
    if (Number.isNaN(anchorS) || events.length !== beats.length) continue;
    for (let index = 0; index < events.length; index++) {
      let eventS = events[index]!;
      if (eventS < anchorEventS) {
        if (anchorEventS - eventS <= EVENT_TIMESTAMP_ROLLOVER_S / 2) continue;
        eventS += EVENT_TIMESTAMP_ROLLOVER_S;
      }
      times.push(FIT_EPOCH_MS + (anchorS + eventS - anchorEventS) * 1000);
      bpms.push(beats[index]!);
    }
  }
  if (times.length === 0) return null;
  return sortBeats(times, bpms);
}

function sortBeats(times: number[], bpms: number[]): StrapHeartBeats {
  // The beats almost always come in order already: sorting them anyway was most of this function's time.
  if (times.every((time, index) => index === 0 || times[index - 1]! <= time)) {
    return { timesMs: new Float64Array(times), bpm: new Float64Array(bpms) };
  }
  const order = times.map((_, index) => index).sort((left, right) => times[left]! - times[right]!);
  return {
    timesMs: Float64Array.from(order, (index) => times[index]!),
    bpm: Float64Array.from(order, (index) => bpms[index]!),
  };
}

function toArray(value: number | number[] | undefined): number[] {
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'number' && Number.isFinite(item));
  return typeof value === 'number' && Number.isFinite(value) ? [value] : [];
}

/**
 * Puts the strap's heart rate on the record samples: each sample takes the mean of the beats since the
 * previous sample (the SDK's merge rule; the strap is more accurate than a wrist under water). Returns
 * how many samples got a value.
 */
export function mergeStrapHeartBeats(
  sampleTimesMs: Float64Array,
  heartRate: Float64Array,
  beats: StrapHeartBeats,
): number {
  let merged = 0;
  let beat = 0;
  for (let sample = 0; sample < sampleTimesMs.length; sample++) {
    const end = sampleTimesMs[sample]!;
    const start = sample > 0 ? sampleTimesMs[sample - 1]! : end - 1000;
    while (beat < beats.timesMs.length && beats.timesMs[beat]! <= start) beat++;
    let sum = 0;
    let count = 0;
    let cursor = beat;
    while (cursor < beats.timesMs.length && beats.timesMs[cursor]! <= end) {
      const bpm = sanitiseHeartRate(beats.bpm[cursor]!);
      if (!Number.isNaN(bpm)) {
        sum += bpm;
        count++;
      }
      cursor++;
    }
    if (count > 0) {
      heartRate[sample] = Math.round(sum / count);
      merged++;
    } else if (beat > 0 && end - beats.timesMs[beat - 1]! <= CARRY_FORWARD_MS) {
      const carried = sanitiseHeartRate(beats.bpm[beat - 1]!);
      if (!Number.isNaN(carried)) {
        heartRate[sample] = carried;
        merged++;
      }
    }
  }
  return merged;
}
