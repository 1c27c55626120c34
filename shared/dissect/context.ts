/** What every dissector receives: the packet being dissected, its columns and the capture-wide state. */
import type { FieldNode, FieldTree } from './tree.ts';

export interface Columns {
  protocol: string;
  info: string;
  src: string;
  dst: string;
}

/** Addresses of the innermost network layer seen so far, for conversations and the Source/Destination columns. */
export interface NetAddrs {
  src: string;
  dst: string;
  /** 4 or 6, or 0 when the packet has no IP layer yet. */
  version: 0 | 4 | 6;
  /** IPv4 time to live / IPv6 hop limit of that header. */
  ttl: number;
  /** With version 4: the addresses as 32-bit numbers (conversations are looked up by number, not text). */
  src4: number;
  dst4: number;
}

export interface ExpertNote {
  severity: 'chat' | 'note' | 'warn' | 'error';
  group: 'malformed' | 'sequence' | 'protocol' | 'undecoded' | 'comment' | 'checksum' | 'security' | 'decryption';
  message: string;
}

export interface PacketContext {
  readonly tree: FieldTree;
  /** 1-based frame number. */
  readonly number: number;
  readonly cols: Columns;
  readonly net: NetAddrs;
  /**
   * The transport conversation (TCP or UDP endpoints, either direction) and its stream index, or '' / -1.
   * Packets of one conversation carry all the state its dissection needs, so a packet can be re-dissected from
   * the earlier packets of its conversation alone.
   */
  conversation: string;
  stream: number;
  /** Transport ports of the innermost TCP/UDP header, or -1. */
  srcPort: number;
  dstPort: number;
  /** Set when any layer ran out of bytes or found an impossible value. */
  malformed: boolean;
  readonly notes: ExpertNote[];
  /** Protocols present in the frame, outermost first (`frame.protocols`). */
  readonly protocols: string[];
  /** Info-column text that survives a later protocol clearing the column (Wireshark's fence). */
  fence: string;
  /** Set once a protocol above the transport has cleared the Info column in this frame. */
  infoCleared: boolean;
  /** Capture-relative time of this packet in nanoseconds. */
  readonly relNs: number;
  /** False when nobody reads the Protocol/Info columns (a filter pass): dissectors may skip composing them. */
  readonly columns: boolean;
  /**
   * How far to dissect: 'transport' stops before reassembly and application protocols, 'headers' also before TCP
   * conversation state (only fields of each header itself are wanted).
   */
  readonly depth: 'frame' | 'headers' | 'transport' | 'all';
  /** Capture time of this packet in whole seconds since the epoch (certificate validity is judged against it). */
  readonly absSec?: number;
  /** Capture-wide state shared across packets (TCP streams, TLS sessions). */
  readonly state: CaptureState;
  /**
   * With `state.shard`: the shard that owns this packet's TCP conversation, or -1 while none is known. A packet
   * whose conversation another shard owns is dissected no further than its TCP conversation lookup.
   */
  owner: number;
  /**
   * Set on another shard's segment once its conversation's sequence bases are known in both directions: from then
   * on that conversation's segments without SYN change nothing this shard keeps, so they may be passed over.
   */
  settledForeign: boolean;
}

/** Opaque per-capture state, keyed by the dissector that owns it. */
export interface CaptureState {
  readonly slots: Map<string, unknown>;
  /** Index the next new TCP / UDP conversation gets (non-zero when replaying one conversation). */
  nextTcpStream: number;
  nextUdpStream: number;
  /**
   * Set when this dissection is one of `count` running side by side over the same capture, each fully dissecting
   * only the TCP conversations whose stream index modulo `count` is `index` (and shard 0 every packet outside a TCP
   * conversation). Every shard still looks up the conversation of every TCP segment, so stream indexes are the same
   * in all of them.
   */
  shard?: ShardSpec;
}

export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/**
 * A dissector reads `b[offset, offset+length)`; offsets of the fields it adds are positions in `b`
 * (which is the data source the tree currently points at).
 */
export type Dissector = (
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
) => void;

/** Sets the Protocol column. */
export function setProtocol(pkt: PacketContext, name: string): void {
  pkt.cols.protocol = name;
}

/** Clears the Info column down to its fence, once per frame (later calls in the same frame keep the text). */
export function clearInfoOnce(pkt: PacketContext): void {
  if (pkt.infoCleared) return;
  pkt.infoCleared = true;
  pkt.cols.info = pkt.fence;
}

/** Appends to the Info column with a separator when it already holds text (Wireshark's col_append_sep_str). */
export function appendInfo(pkt: PacketContext, sep: string, text: string): void {
  // Nothing reads the column in a filter pass: the text is not composed.
  if (!pkt.columns) return;
  pkt.cols.info = pkt.cols.info ? pkt.cols.info + sep + text : text;
}
