/**
 * DTLS handshake fragment reassembly: a message split into fragments (by offset within its body) is complete once
 * every byte of its body has arrived, in any order, duplicates and overlaps allowed.
 */

/** Largest handshake body we reassemble (a 24-bit length allows 16 MiB; real messages stay far below). */
const MAX_MESSAGE = 1 << 20;

export interface FragmentSeen {
  frame: number;
  offset: number;
  length: number;
}

export interface PendingMessage {
  type: number;
  length: number;
  body: Uint8Array;
  /** Byte ranges received so far, sorted and merged. */
  ranges: [number, number][];
  fragments: FragmentSeen[];
}

/** Messages being reassembled, keyed by direction and message_seq. */
export type PendingMessages = Map<string, PendingMessage>;

export interface AddResult {
  /** The whole body once this fragment completes it. */
  complete?: { body: Uint8Array; fragments: FragmentSeen[] };
}

function merge(ranges: [number, number][], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let lo = from;
  let hi = to;
  for (const [a, z] of ranges) {
    if (z < lo || a > hi) out.push([a, z]);
    else {
      lo = Math.min(lo, a);
      hi = Math.max(hi, z);
    }
  }
  out.push([lo, hi]);
  return out.sort((x, y) => x[0] - y[0]);
}

/**
 * Adds the fragment `data` (at `offset` within a body of `length` bytes) to the message `key`. A fragment that does
 * not fit the message, or a message too long to hold, is left out (never completes).
 */
export function addFragment(
  pending: PendingMessages,
  key: string,
  type: number,
  length: number,
  offset: number,
  data: Uint8Array,
  frame: number,
): AddResult {
  if (length > MAX_MESSAGE || offset + data.length > length) return {};
  let m = pending.get(key);
  if (!m || m.length !== length || m.type !== type) {
    m = { type, length, body: new Uint8Array(length), ranges: [], fragments: [] };
    pending.set(key, m);
  }
  m.body.set(data, offset);
  m.fragments.push({ frame, offset, length: data.length });
  if (data.length) m.ranges = merge(m.ranges, offset, offset + data.length);
  const first = m.ranges[0];
  if (m.ranges.length === 1 && first && first[0] === 0 && first[1] === length) {
    pending.delete(key);
    return { complete: { body: m.body, fragments: m.fragments } };
  }
  return {};
}
