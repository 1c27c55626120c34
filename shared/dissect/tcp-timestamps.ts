/** TCP's `[Timestamps]` subtree: time since the stream's first frame and since its previous frame. */
import { declareFields } from './fields.ts';
import { timeText } from './frame.ts';
import type { FieldNode, FieldTree } from './tree.ts';

const F = declareFields({
  'tcp.time_relative': { name: 'Time since first frame in this TCP stream', type: 'reltime' },
  'tcp.time_delta': { name: 'Time since previous frame in this TCP stream', type: 'reltime' },
});

/** When a stream's first and latest frames were seen (nanoseconds since the capture's first frame; -1 = none yet). */
export interface StreamTimes {
  firstNs: number;
  lastNs: number;
}

export function newStreamTimes(): StreamTimes {
  return { firstNs: -1, lastNs: -1 };
}

/** Nanoseconds as Wireshark's seconds with nine decimals. */
export function secondsText(ns: number): string {
  const sec = Math.floor(ns / 1e9);
  return timeText(sec, ns - sec * 1e9);
}

/** Notes a frame of the stream at `relNs` and, when the tree is wanted, adds the subtree under `root`. */
export function addStreamTimestamps(
  t: FieldTree,
  root: FieldNode,
  offset: number,
  times: StreamTimes,
  relNs: number,
): void {
  if (times.firstNs < 0) times.firstNs = relNs;
  const sinceFirst = relNs - times.firstNs;
  const sincePrevious = times.lastNs < 0 ? 0 : relNs - times.lastNs;
  times.lastNs = relNs;
  if (!t.wants('tcp')) return;
  const node = t.text(root, offset, 0, '[Timestamps]');
  const first = secondsText(sinceFirst);
  const previous = secondsText(sincePrevious);
  t.add(node, F['tcp.time_relative'], offset, 0, first, {
    generated: true,
    label: `[Time since first frame in this TCP stream: ${first} seconds]`,
  });
  t.add(node, F['tcp.time_delta'], offset, 0, previous, {
    generated: true,
    label: `[Time since previous frame in this TCP stream: ${previous} seconds]`,
  });
}
