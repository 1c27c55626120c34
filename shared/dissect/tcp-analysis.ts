/**
 * TCP sequence analysis per direction, in capture order: relative sequence numbers, window scaling, and the
 * tcp.analysis.* conditions (retransmission, out-of-order, lost segment, dup ACK, window update, keep-alive…)
 * decided with the same rules and in the same order as Wireshark.
 */

export const TH_FIN = 0x01;
export const TH_SYN = 0x02;
export const TH_RST = 0x04;
export const TH_PUSH = 0x08;
export const TH_ACK = 0x10;
export const TH_URG = 0x20;

export const A_RETRANSMISSION = 0x0001;
export const A_LOST_PACKET = 0x0002;
export const A_ACK_LOST_PACKET = 0x0004;
export const A_KEEP_ALIVE = 0x0008;
export const A_DUPLICATE_ACK = 0x0010;
export const A_ZERO_WINDOW = 0x0020;
export const A_ZERO_WINDOW_PROBE = 0x0040;
export const A_ZERO_WINDOW_PROBE_ACK = 0x0080;
export const A_KEEP_ALIVE_ACK = 0x0100;
export const A_OUT_OF_ORDER = 0x0200;
export const A_FAST_RETRANSMISSION = 0x0400;
export const A_WINDOW_UPDATE = 0x0800;
export const A_WINDOW_FULL = 0x1000;
export const A_SPURIOUS_RETRANSMISSION = 0x4000;

/** 32-bit sequence-space comparisons. */
function diff(a: number, b: number): number {
  return ((a - b) | 0) as number;
}
export const gtSeq = (a: number, b: number): boolean => diff(a, b) > 0;
export const ltSeq = (a: number, b: number): boolean => diff(a, b) < 0;
export const leSeq = (a: number, b: number): boolean => diff(a, b) <= 0;
const add = (a: number, n: number): number => (a + n) >>> 0;

/** Nanosecond time as a plain number (exact for captures up to ~104 days apart from the epoch second base). */
export type Ns = number;

export interface FlowState {
  baseSeq: number;
  baseSet: boolean;
  sawSyn: boolean;
  /** Highest sequence number seen + its segment length (raw); 0 means none yet. */
  nextseq: number;
  nextseqTime: Ns;
  nextseqFrame: number;
  maxseqtobeacked: number;
  lastack: number;
  lastackTime: Ns;
  window: number;
  /** -1 unknown, -2 no scaling, else the shift count. */
  winScale: number;
  /** The shift this side announced in its SYN, or -1. */
  synWinScale: number;
  dupacknum: number;
  lastnondupack: number;
  lastSegmentFlags: number;
  /** Segments not yet ACKed, oldest first (parallel arrays: no object per segment). */
  unacked: UnackedSegments;
  /** False after a gap in this direction until the other side ACKs again (bytes in flight unknown meanwhile). */
  validBif: boolean;
  pushBytesSent: number;
  pushSetLast: boolean;
  /** Bytes the latest SACK option of this direction reports received beyond its ACK (its first three blocks). */
  sackDelivered: number;
}

export interface UnackedSegments {
  frame: number[];
  seq: number[];
  nextseq: number[];
  time: Ns[];
}

/** Wireshark stops listing a direction's segments past this many unACKed ones. */
const MAX_UNACKED_SEGMENTS = 10000;

export function newFlow(): FlowState {
  return {
    baseSeq: 0,
    baseSet: false,
    sawSyn: false,
    nextseq: 0,
    nextseqTime: 0,
    nextseqFrame: 0,
    maxseqtobeacked: 0,
    lastack: 0,
    lastackTime: 0,
    window: -1,
    winScale: -1,
    synWinScale: -1,
    dupacknum: 0,
    lastnondupack: 0,
    lastSegmentFlags: 0,
    unacked: { frame: [], seq: [], nextseq: [], time: [] },
    validBif: true,
    pushBytesSent: 0,
    pushSetLast: false,
    sackDelivered: 0,
  };
}

export interface ConnectionTiming {
  /** Time of the most recent SYN, and the first RTT (SYN to the ACK completing the handshake); 0 = unknown. */
  mruSyn: Ns;
  firstRtt: Ns;
}

export interface AnalysisResult {
  flags: number;
  dupackNum: number;
  dupackFrame: number;
  /** The frame whose segment this ACK exactly acknowledges (0 = none), and the time since it (ns). */
  acksFrame: number;
  ackRtt: Ns;
  /** Bytes in flight after this segment and bytes sent since the last PSH (0 = not shown). */
  bytesInFlight: number;
  pushBytesSent: number;
  /** Whether Wireshark keeps analysis data for this frame (its [SEQ/ACK analysis] subtree is shown). */
  hasAnalysis: boolean;
}

/** Sets base sequence numbers as Wireshark does (mid-stream captures start at relative 1). */
export function setBases(fwd: FlowState, rev: FlowState, seq: number, ack: number, thFlags: number): void {
  if (!fwd.baseSet) {
    fwd.baseSeq = thFlags & TH_SYN ? seq : add(seq, -1);
    fwd.baseSet = true;
  }
  if (thFlags & TH_SYN) fwd.sawSyn = true;
  if (!rev.baseSet && thFlags & TH_ACK) {
    rev.baseSeq = add(ack, -1);
    rev.baseSet = true;
  }
  if (thFlags & TH_ACK) rev.validBif = true;
}

export function analyze(
  fwd: FlowState,
  rev: FlowState,
  timing: ConnectionTiming,
  frame: number,
  now: Ns,
  seq: number,
  ack: number,
  seglen: number,
  thFlags: number,
  window: number,
  /** Whether bytes in flight are read (scanning the unACKed list costs; the PSH count is kept either way). */
  wantFlight = true,
  /**
   * Whether the unACKed segments are tracked, for what this ACKs (acks_frame, ack_rtt) and bytes in flight: a pass
   * that reads none of the analysis fields leaves them out (the analysis flags never depend on them).
   */
  trackAcks = true,
): AnalysisResult {
  let flags = 0;
  let dupackNum = 0;
  let dupackFrame = 0;
  const ctl = thFlags & (TH_SYN | TH_FIN | TH_RST);

  checks: {
    if (seglen === 1 && seq === fwd.nextseq && rev.window === 0) {
      flags |= A_ZERO_WINDOW_PROBE;
      break checks;
    }
    if (window === 0 && ctl === 0) flags |= A_ZERO_WINDOW;
    if (fwd.nextseq && gtSeq(seq, fwd.nextseq) && (thFlags & TH_RST) === 0) {
      flags |= A_LOST_PACKET;
      fwd.validBif = false;
    }
    if (seglen <= 1 && ctl === 0 && add(fwd.nextseq, -1) === seq) flags |= A_KEEP_ALIVE;
    if (seglen === 0 && window && window !== fwd.window && seq === fwd.nextseq && ack === fwd.lastack && ctl === 0)
      flags |= A_WINDOW_UPDATE;
    if (
      seglen === 0 &&
      window &&
      window === fwd.window &&
      seq === fwd.nextseq &&
      ack === fwd.lastack &&
      rev.lastSegmentFlags & A_KEEP_ALIVE &&
      ctl === 0
    ) {
      flags |= A_KEEP_ALIVE_ACK;
      break checks;
    }
    if (
      seglen === 0 &&
      window === 0 &&
      window === fwd.window &&
      seq === fwd.nextseq &&
      ack === fwd.lastack &&
      rev.lastSegmentFlags & A_ZERO_WINDOW_PROBE &&
      ctl === 0
    ) {
      flags |= A_ZERO_WINDOW_PROBE_ACK;
      break checks;
    }
    if (seglen === 0 && window && window === fwd.window && seq === fwd.nextseq && ack === fwd.lastack && ctl === 0) {
      // -1 marks a direction already reported for ACKing unseen data: count from 1 again.
      fwd.dupacknum = fwd.dupacknum === -1 ? 1 : fwd.dupacknum + 1;
      flags |= A_DUPLICATE_ACK;
      dupackNum = fwd.dupacknum;
      dupackFrame = fwd.lastnondupack;
    }
  }
  // A new ACK number starts a new run of duplicates; any segment that is not a duplicate ACK ends the count.
  if (ack !== fwd.lastack) fwd.lastnondupack = frame;
  if (!(flags & A_DUPLICATE_ACK)) fwd.dupacknum = 0;
  if (rev.maxseqtobeacked && gtSeq(ack, rev.maxseqtobeacked) && thFlags & TH_ACK) {
    // Report the same unseen data once, however many pure ACKs repeat it.
    if (rev.dupacknum === 0) flags |= A_ACK_LOST_PACKET;
    rev.dupacknum = -1;
    rev.maxseqtobeacked = rev.nextseq;
  }

  if (seglen > 0 || thFlags & (TH_SYN | TH_FIN)) {
    let notAdvanced = fwd.nextseq !== 0 && ltSeq(seq, fwd.nextseq);
    retrans: {
      if (flags & A_KEEP_ALIVE) break retrans;
      // More than one new byte right after a possible zero-window probe really advances the stream.
      if (seglen > 1 && add(fwd.nextseq, -1) === seq) notAdvanced = false;
      if (seglen > 0 && rev.lastack && leSeq(add(seq, seglen), rev.lastack)) {
        flags |= A_SPURIOUS_RETRANSMISSION;
        break retrans;
      }
      const oooThres = timing.firstRtt === 0 ? 3_000_000 : timing.firstRtt;
      const sinceNext = now - fwd.nextseqTime;
      const synFin = thFlags & (TH_SYN | TH_FIN) ? 1 : 0;
      if (notAdvanced && sinceNext < oooThres && fwd.nextseq !== add(seq, seglen + synFin)) {
        flags |= A_OUT_OF_ORDER;
        break retrans;
      }
      const sinceAck = now - rev.lastackTime;
      if (notAdvanced && rev.dupacknum >= 2 && rev.lastack === seq && sinceAck < 20_000_000) {
        flags |= A_FAST_RETRANSMISSION;
        break retrans;
      }
      if (notAdvanced) flags |= A_RETRANSMISSION;
    }
  }

  let nextseq = add(seq, seglen);
  if (seglen || thFlags & (TH_SYN | TH_FIN)) {
    if (thFlags & (TH_SYN | TH_FIN)) nextseq = add(nextseq, 1);
    if (trackAcks) noteUnacked(fwd.unacked, frame, seq, nextseq, now);
  }
  const probe = (flags & A_ZERO_WINDOW_PROBE) !== 0;
  if ((gtSeq(nextseq, fwd.nextseq) || !fwd.nextseq) && !probe) {
    fwd.nextseq = nextseq;
    fwd.nextseqFrame = frame;
    fwd.nextseqTime = now;
  }
  if ((seq === fwd.maxseqtobeacked || !fwd.maxseqtobeacked) && !probe) fwd.maxseqtobeacked = fwd.nextseq;

  fwd.window = window;
  fwd.lastack = ack;
  fwd.lastackTime = now;
  fwd.lastSegmentFlags = flags;

  const acked = trackAcks ? removeAcked(rev.unacked, ack, now) : NO_ACK;
  let bytesInFlight = 0;
  let pushBytesSent = 0;
  let tracked = false;
  if (seglen !== 0 && fwd.unacked.frame.length > 0 && fwd.validBif) {
    tracked = true;
    const inFlight = wantFlight ? (flightSize(fwd.unacked, fwd.baseSeq) - rev.sackDelivered) >>> 0 : 0;
    if (inFlight > 0 && inFlight < 2_000_000_000) bytesInFlight = thFlags & (TH_SYN | TH_FIN) ? inFlight - 1 : inFlight;
    countPushBytes(fwd, thFlags, seglen);
    // Wireshark shows the PSH count only beside a bytes-in-flight value.
    if (bytesInFlight) pushBytesSent = fwd.pushBytesSent;
  }
  return {
    flags,
    dupackNum,
    dupackFrame,
    acksFrame: acked.frame,
    ackRtt: acked.rtt,
    bytesInFlight,
    pushBytesSent,
    hasAnalysis: flags !== 0 || acked.frame !== 0 || tracked,
  };
}

/** Notes block `index` (from 0) of a SACK option sent in this direction; Wireshark keeps only three blocks. */
export function noteSackBlock(fwd: FlowState, index: number, left: number, right: number): void {
  if (index >= 3) return;
  const size = (right - left) >>> 0;
  fwd.sackDelivered = index === 0 ? size : (fwd.sackDelivered + size) >>> 0;
}

/** Adds a segment that takes sequence space to its direction's unACKed list. */
function noteUnacked(list: UnackedSegments, frame: number, seq: number, nextseq: number, now: Ns): void {
  if (list.frame.length >= MAX_UNACKED_SEGMENTS) return;
  list.frame.push(frame);
  list.seq.push(seq);
  list.nextseq.push(nextseq);
  list.time.push(now);
}

const NO_ACK = { frame: 0, rtt: 0 };

/**
 * Drops the segments an ACK covers, trims partly ACKed ones, and returns the segment it acknowledges exactly (the
 * oldest such one, as Wireshark's newest-first walk leaves it).
 */
function removeAcked(list: UnackedSegments, ack: number, now: Ns): { frame: number; rtt: Ns } {
  const n = list.frame.length;
  if (n === 0) return NO_ACK;
  let kept = 0;
  let frame = 0;
  let rtt = 0;
  for (let i = 0; i < n; i++) {
    const seq = list.seq[i]!;
    const nextseq = list.nextseq[i]!;
    if (ack === nextseq) {
      if (frame === 0) {
        frame = list.frame[i]!;
        rtt = now - list.time[i]!;
      }
      continue;
    }
    if (gtSeq(nextseq, ack)) {
      // Not (fully) acknowledged: kept, from the ACK on when the ACK falls inside it.
      list.frame[kept] = list.frame[i]!;
      list.seq[kept] = gtSeq(ack, seq) ? ack : seq;
      list.nextseq[kept] = nextseq;
      list.time[kept] = list.time[i]!;
      kept++;
    }
  }
  list.frame.length = kept;
  list.seq.length = kept;
  list.nextseq.length = kept;
  list.time.length = kept;
  return frame === 0 ? NO_ACK : { frame, rtt };
}

/** From the lowest to the highest relative sequence number still unACKed. */
function flightSize(list: UnackedSegments, baseSeq: number): number {
  const last = list.frame.length - 1;
  let first = (list.seq[last]! - baseSeq) >>> 0;
  let end = (list.nextseq[last]! - baseSeq) >>> 0;
  for (let i = last; i >= 0; i--) {
    const s = (list.seq[i]! - baseSeq) >>> 0;
    const e = (list.nextseq[i]! - baseSeq) >>> 0;
    if (e > end) end = e;
    if (s < first) first = s;
  }
  return (end - first) >>> 0;
}

/** Bytes sent since the last segment with PSH: a PSH run restarts the count at its segment. */
function countPushBytes(fwd: FlowState, thFlags: number, seglen: number): void {
  const push = (thFlags & TH_PUSH) !== 0;
  if (push && !fwd.pushSetLast) fwd.pushBytesSent += seglen;
  else if (push || fwd.pushSetLast) fwd.pushBytesSent = seglen;
  else fwd.pushBytesSent += seglen;
  fwd.pushSetLast = push;
}

/** The Info-column prefixes, in the order Wireshark's fences leave them (each later one is prepended). */
export function analysisPrefix(r: AnalysisResult): string {
  if (r.flags === 0) return '';
  const parts: string[] = [];
  const f = r.flags;
  if (f & A_RETRANSMISSION) parts.unshift('[TCP Retransmission] ');
  if (f & A_FAST_RETRANSMISSION) parts.unshift('[TCP Fast Retransmission] ');
  if (f & A_SPURIOUS_RETRANSMISSION) parts.unshift('[TCP Spurious Retransmission] ');
  if (f & A_OUT_OF_ORDER) parts.unshift('[TCP Out-Of-Order] ');
  if (f & A_LOST_PACKET) parts.unshift('[TCP Previous segment not captured] ');
  if (f & A_ACK_LOST_PACKET) parts.unshift('[TCP ACKed unseen segment] ');
  if (f & A_WINDOW_UPDATE) parts.unshift('[TCP Window Update] ');
  if (f & A_WINDOW_FULL) parts.unshift('[TCP Window Full] ');
  if (f & A_KEEP_ALIVE) parts.unshift('[TCP Keep-Alive] ');
  if (f & A_KEEP_ALIVE_ACK) parts.unshift('[TCP Keep-Alive ACK] ');
  if (f & A_DUPLICATE_ACK) parts.unshift(`[TCP Dup ACK ${r.dupackFrame}#${r.dupackNum}] `);
  if (f & A_ZERO_WINDOW_PROBE) parts.unshift('[TCP ZeroWindowProbe] ');
  if (f & A_ZERO_WINDOW) parts.unshift('[TCP ZeroWindow] ');
  if (f & A_ZERO_WINDOW_PROBE_ACK) parts.unshift('[TCP ZeroWindowProbeAck] ');
  return parts.join('');
}
