/**
 * Reassembly of stream PDUs across TCP segments, as Wireshark does with desegmentation on: a PDU split over
 * segments is dissected in the segment that completes it; bytes already delivered (retransmissions) are not
 * delivered again; a gap drops the partial PDU.
 */
import { slice } from '../bytes.ts';
import { appendInfo, type PacketContext } from './context.ts';
import { F } from './tcp-fields.ts';
import { NEED_UNTIL_FIN, type StreamInfo, type StreamProtocol, type StreamResult } from './stream.ts';
import type { FieldNode } from './tree.ts';
import { gtSeq, leSeq, ltSeq } from './tcp-analysis.ts';

export interface ReassemblyState {
  /** Raw sequence number of the next byte the stream protocol expects. */
  nextSeq: number;
  hasNext: boolean;
  /**
   * Bytes of an incomplete PDU (the first `pendingLen` of this buffer, sized for the whole PDU when its length is
   * known, so each segment is copied once), and the frames and lengths they came from.
   */
  pending: Uint8Array;
  pendingLen: number;
  pendingFrames: [number, number][];
  /** Total bytes the pending PDU needs, or NEED_ONE_MORE_SEGMENT / NEED_UNTIL_FIN. */
  need: number;
}

const NO_BYTES = new Uint8Array(0);

/** Room made ahead for a PDU whose announced length is beyond the bytes at hand (a bogus length costs no more). */
const MAX_AHEAD = 1 << 18;

export function newReassembly(): ReassemblyState {
  return { nextSeq: 0, hasNext: false, pending: NO_BYTES, pendingLen: 0, pendingFrames: [], need: 0 };
}

/**
 * PDU buffers are cut from shared slabs: one allocation serves many PDUs (a buffer of its own per PDU is slow to
 * allocate). A piece is never handed out twice, so a PDU kept as a packet's data source stays as it was. Slabs are
 * small, so a PDU left pending for good (a connection that stops mid-record) keeps at most 256 KiB alive.
 */
const SLAB = 1 << 18;
let slab = new Uint8Array(0);
let slabUsed = 0;

function allocate(size: number): Uint8Array {
  if (size > SLAB / 4) return new Uint8Array(size);
  if (slabUsed + size > slab.length) {
    slab = new Uint8Array(SLAB);
    slabUsed = 0;
  }
  const piece = slab.subarray(slabUsed, slabUsed + size);
  // Pieces start on 8-byte boundaries.
  slabUsed += (size + 7) & ~7;
  return piece;
}

/** Appends `bytes` to the pending PDU, growing its buffer (to the PDU's length when known) when they do not fit. */
function append(rs: ReassemblyState, bytes: Uint8Array): void {
  const len = rs.pendingLen + bytes.length;
  if (len > rs.pending.length) {
    const ahead = rs.need > len ? Math.min(rs.need, len + MAX_AHEAD) : 0;
    const grown = allocate(Math.max(len, ahead, rs.pending.length * 2));
    grown.set(rs.pending.subarray(0, rs.pendingLen));
    rs.pending = grown;
  }
  rs.pending.set(bytes, rs.pendingLen);
  rs.pendingLen = len;
}

function segmentsLabel(frames: readonly [number, number][], length: number): string {
  const list = frames.map(([n, l]) => `#${n}(${l})`).join(', ');
  return `[${frames.length} Reassembled TCP Segments (${length} bytes): ${list}]`;
}

/**
 * Takes the collected bytes of a PDU out of the state, as a new data source of the packet with Wireshark's
 * "Reassembled TCP Segments" item listing the frames they came from.
 */
function takePending(rs: ReassemblyState, pkt: PacketContext): { whole: Uint8Array; src: number } {
  const whole = rs.pending.subarray(0, rs.pendingLen);
  const frames = rs.pendingFrames;
  clearPending(rs);
  const t = pkt.tree;
  const src = t.addSource(`Reassembled TCP (${whole.length} bytes)`, whole);
  const prev = t.source;
  t.source = src;
  const labels = t.labels || t.keeps('tcp.segments');
  const segs = t.add(null, F['tcp.segments'], 0, whole.length, undefined, {
    label: labels ? segmentsLabel(frames, whole.length) : undefined,
  });
  for (const [n, l] of frames)
    t.add(segs, F['tcp.segment'], 0, 0, n, { label: t.labels ? `[Frame: ${n}, payload: ${l} bytes]` : undefined });
  t.add(segs, F['tcp.segment.count'], 0, 0, frames.length, { generated: true });
  t.add(segs, F['tcp.reassembled.length'], 0, 0, whole.length, { generated: true });
  t.source = prev;
  return { whole, src };
}

function clearPending(rs: ReassemblyState): void {
  rs.pending = NO_BYTES;
  rs.pendingLen = 0;
  rs.pendingFrames = [];
  rs.need = 0;
}

const SEGMENT_NOTE = '[TCP segment of a reassembled PDU]';

export function reassemble(
  rs: ReassemblyState,
  app: StreamProtocol,
  b: Uint8Array,
  off: number,
  len: number,
  seq: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  tcpRoot: FieldNode,
  info: StreamInfo,
  reject: () => void,
): void {
  const t = pkt.tree;
  if (rs.hasNext) {
    const end = (seq + len) >>> 0;
    if (leSeq(end, rs.nextSeq)) return; // everything here was delivered before
    if (ltSeq(seq, rs.nextSeq)) {
      const skip = (rs.nextSeq - seq) >>> 0;
      off += skip;
      len -= skip;
      seq = rs.nextSeq;
    } else if (gtSeq(seq, rs.nextSeq)) clearPending(rs);
  }
  rs.nextSeq = (seq + len) >>> 0;
  rs.hasNext = true;

  let dissected = false;
  if (rs.pendingLen > 0) {
    let take = len;
    if (rs.need > 0) take = Math.min(len, rs.need - rs.pendingLen);
    append(rs, slice(b, off, take));
    rs.pendingFrames.push([pkt.number, take]);
    if ((rs.need > 0 && rs.pendingLen < rs.need) || (rs.need === NEED_UNTIL_FIN && !info.fin)) {
      t.add(tcpRoot, F['tcp.segment_data'], off, take, t.keeps('tcp.segment_data') ? slice(b, off, take) : undefined, {
        label: t.labels ? `TCP segment data (${take} byte${take === 1 ? '' : 's'})` : undefined,
      });
      pkt.cols.info += ' ' + SEGMENT_NOTE;
      return;
    }
    const { whole, src } = takePending(rs, pkt);
    const prevSource = t.source;
    t.source = src;
    let r: StreamResult;
    try {
      r = app.dissect(whole, 0, whole.length, pkt, parent, info);
    } finally {
      t.source = prevSource;
    }
    dissected = r.consumed > 0;
    if (r.consumed < whole.length) {
      // The protocol wanted more than it first asked for: keep collecting.
      const left = whole.length - r.consumed;
      rs.pendingFrames = [[pkt.number, left]];
      rs.need = r.needMore > 0 ? left + r.needMore : r.needMore;
      // The PDU so far stays the packet's data source: the rest goes to a buffer of its own.
      append(rs, whole.subarray(r.consumed));
      // Extra bytes in this segment belong to the still-incomplete PDU.
      if (take < len) append(rs, slice(b, off + take, len - take));
      if (!dissected) markSegment(pkt);
      return;
    }
    off += take;
    len -= take;
    if (len <= 0) return;
  }

  const r = app.dissect(b, off, len, pkt, parent, info);
  if (r.consumed === 0 && r.needMore === 0) {
    reject();
    return;
  }
  if (r.consumed >= len) return;
  const rest = slice(b, off + r.consumed, len - r.consumed);
  rs.pending = NO_BYTES;
  rs.pendingLen = 0;
  rs.pendingFrames = [[pkt.number, rest.length]];
  rs.need = r.needMore > 0 ? rest.length + r.needMore : r.needMore;
  append(rs, rest);
  t.add(tcpRoot, F['tcp.segment_data'], off + r.consumed, rest.length, rest, {
    label: t.labels ? `TCP segment data (${rest.length} byte${rest.length === 1 ? '' : 's'})` : undefined,
  });
  if (r.consumed === 0 && !dissected) markSegment(pkt);
}

/** Nothing in this segment could be dissected yet: Wireshark shows it as TCP and says so in Info. */
function markSegment(pkt: PacketContext): void {
  pkt.cols.protocol = 'TCP';
  appendInfo(pkt, ' ', SEGMENT_NOTE);
}

/**
 * A FIN ends the stream in its direction: a PDU that was waiting for "more data" (one whose length only the end of
 * the stream tells, like an HTTP/1.0 body without Content-Length) is complete now and is dissected in this frame.
 */
export function finishStream(
  rs: ReassemblyState,
  app: StreamProtocol,
  pkt: PacketContext,
  parent: FieldNode | null,
  info: StreamInfo,
): void {
  if (rs.pendingLen === 0 || rs.need !== NEED_UNTIL_FIN) return;
  const t = pkt.tree;
  const { whole, src } = takePending(rs, pkt);
  const prev = t.source;
  t.source = src;
  try {
    app.dissect(whole, 0, whole.length, pkt, parent, { ...info, fin: true });
  } finally {
    t.source = prev;
  }
}
