/** The contract between TCP reassembly and the protocols that run over a byte stream (TLS, HTTP, …). */
import type { PacketContext } from './context.ts';
import type { FieldNode } from './tree.ts';

/** Which direction and conversation a stream PDU belongs to. */
export interface StreamInfo {
  /** tcp.stream */
  stream: number;
  /** 0 for the side that sent the first packet seen, 1 for the other. */
  direction: 0 | 1;
  srcPort: number;
  dstPort: number;
  /** Per-conversation state owned by the stream protocol. */
  convState: Map<string, unknown>;
  /**
   * True when this segment carries FIN, so the data handed over ends the stream in this direction (a protocol whose
   * message runs until the connection closes, like an HTTP/1.0 body without Content-Length, completes it then).
   */
  fin?: boolean;
}

/** needMore value for "at least one more segment". */
export const NEED_ONE_MORE_SEGMENT = -1;
/** needMore value for "everything until the stream ends" (FIN): the PDU completes only then. */
export const NEED_UNTIL_FIN = -2;

export interface StreamResult {
  /** Bytes fully dissected from the start of the data. */
  consumed: number;
  /**
   * When consumed < length: bytes still needed past the end of the data, NEED_ONE_MORE_SEGMENT, or NEED_UNTIL_FIN.
   */
  needMore: number;
}

export type StreamDissector = (
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  info: StreamInfo,
) => StreamResult;

export interface StreamProtocol {
  name: string;
  /** Does this data (the first payload seen, or any payload of a conversation not yet claimed) belong to us? */
  heuristic?: (b: Uint8Array, offset: number, length: number) => boolean;
  dissect: StreamDissector;
}
