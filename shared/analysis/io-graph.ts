/** The I/O graph's data: packets and bytes per interval of capture time, optionally only for a filter's matches. */
import type { DissectedPacket } from '../dissect/packet.ts';

export interface IoSeries {
  /** Width of one interval in seconds. */
  intervalSec: number;
  packets: number[];
  bytes: number[];
}

/** Interval widths to choose from: the smallest that keeps the graph within `maxBuckets` bars. */
const INTERVALS = [0.001, 0.01, 0.1, 1, 10, 60, 600, 3600, 86400];

export function chooseInterval(durationSec: number, maxBuckets = 200): number {
  for (const i of INTERVALS) if (durationSec / i < maxBuckets) return i;
  return INTERVALS[INTERVALS.length - 1]!;
}

/** Collects per-packet times and lengths, then buckets them once the capture's duration is known. */
export class IoGraphBuilder {
  private readonly times: number[] = [];
  private readonly lengths: number[] = [];

  add(p: DissectedPacket): void {
    this.times.push(Number(p.timeRelative));
    this.lengths.push(p.origlen);
  }

  /**
   * Packets and bytes per interval. `intervalSec` and `buckets` fix the width and count (so a filtered series lines
   * up with the whole capture's); by default they follow from the last packet's time.
   */
  series(intervalSec?: number, buckets?: number): IoSeries {
    let last = 0;
    for (const t of this.times) if (t > last) last = t;
    const interval = intervalSec ?? chooseInterval(last);
    const n = buckets ?? (this.times.length ? Math.floor(last / interval) + 1 : 0);
    const packets = new Array<number>(n).fill(0);
    const bytes = new Array<number>(n).fill(0);
    if (n === 0) return { intervalSec: interval, packets, bytes };
    this.times.forEach((t, i) => {
      const b = Math.min(n - 1, Math.max(0, Math.floor(t / interval)));
      packets[b]!++;
      bytes[b]! += this.lengths[i]!;
    });
    return { intervalSec: interval, packets, bytes };
  }
}
