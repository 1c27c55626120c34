/**
 * QUIC connections as tshark tracks them: one per UDP conversation, started by a client Initial, remembering both
 * sides' connection IDs (so short headers can be parsed), the keys of each packet number space and the CRYPTO
 * streams handed to TLS.
 */
import type { PacketContext } from '../context.ts';
import type { StreamInfo } from '../stream.ts';
import type { AppKeys } from './key-update.ts';
import type { PacketKeys } from './keys.ts';
import { CryptoStream } from './crypto-stream.ts';

/** Packet number spaces: Initial, Handshake, Application data (0-RTT and 1-RTT). */
export const SPACE_INITIAL = 0;
export const SPACE_HANDSHAKE = 1;
export const SPACE_APPDATA = 2;
export type Space = typeof SPACE_INITIAL | typeof SPACE_HANDSHAKE | typeof SPACE_APPDATA;

/** Client (0) or server (1). */
export type Side = 0 | 1;

export interface QuicConnection {
  readonly number: number;
  version: number;
  /** `address:port` of the client. */
  readonly client: string;
  /** The Destination Connection ID of the client's first Initial (the Initial keys come from it). */
  readonly originalDcid: Uint8Array;
  /** Each side's Source Connection ID, once seen (undefined: not yet). */
  cid: [Uint8Array | undefined, Uint8Array | undefined];
  /** Initial keys per side, or undefined when the version has none. */
  initial: [PacketKeys, PacketKeys] | undefined;
  /** Handshake and 1-RTT keys per side, once secrets and the cipher suite are known. */
  handshake: [PacketKeys | undefined, PacketKeys | undefined];
  appData: [AppKeys | undefined, AppKeys | undefined];
  /** A short header has already reported that 1-RTT secrets are missing (tshark says so once a connection). */
  appSecretsMissingShown: boolean;
  /** Largest packet number seen per space and side (-1: none), to expand truncated packet numbers. */
  readonly largestPn: [number, number][];
  /** CRYPTO streams per space and side. */
  readonly crypto: [CryptoStream, CryptoStream][];
  /** What TLS keeps about this connection's handshake (a StreamInfo-like view, direction 0 = client). */
  readonly tlsState: Map<string, unknown>;
}

interface QuicState {
  byConversation: Map<string, QuicConnection>;
  next: number;
}

function state(pkt: PacketContext): QuicState {
  let s = pkt.state.slots.get('quic') as QuicState | undefined;
  if (!s) {
    s = { byConversation: new Map(), next: 0 };
    pkt.state.slots.set('quic', s);
  }
  return s;
}

export function endpoint(pkt: PacketContext, src: boolean): string {
  return src ? `${pkt.net.src}:${pkt.srcPort}` : `${pkt.net.dst}:${pkt.dstPort}`;
}

export function findConnection(pkt: PacketContext): QuicConnection | undefined {
  return state(pkt).byConversation.get(pkt.conversation);
}

/** Starts a connection for a client Initial sent by this packet's source. */
export function newConnection(
  pkt: PacketContext,
  version: number,
  originalDcid: Uint8Array,
  scid: Uint8Array,
  initial: [PacketKeys, PacketKeys] | undefined,
): QuicConnection {
  const s = state(pkt);
  const conn: QuicConnection = {
    number: s.next++,
    version,
    client: endpoint(pkt, true),
    originalDcid: originalDcid.slice(),
    cid: [scid.slice(), undefined],
    initial,
    handshake: [undefined, undefined],
    appData: [undefined, undefined],
    appSecretsMissingShown: false,
    largestPn: [
      [-1, -1],
      [-1, -1],
      [-1, -1],
    ],
    crypto: [
      [new CryptoStream(), new CryptoStream()],
      [new CryptoStream(), new CryptoStream()],
      [new CryptoStream(), new CryptoStream()],
    ],
    tlsState: new Map(),
  };
  s.byConversation.set(pkt.conversation, conn);
  return conn;
}

/** After a Retry: new Initial keys, and the Initial CRYPTO streams start over (the client sends its hello again). */
export function restartInitial(conn: QuicConnection, keys: [PacketKeys, PacketKeys] | undefined): void {
  if (keys) conn.initial = keys;
  conn.crypto[SPACE_INITIAL] = [new CryptoStream(), new CryptoStream()];
}

export function sideOf(conn: QuicConnection, pkt: PacketContext): Side {
  return endpoint(pkt, true) === conn.client ? 0 : 1;
}

/** The StreamInfo TLS sees for this connection: direction 0 is the client. */
export function tlsInfo(conn: QuicConnection, pkt: PacketContext, side: Side): StreamInfo {
  return {
    stream: pkt.stream,
    direction: side,
    srcPort: pkt.srcPort,
    dstPort: pkt.dstPort,
    convState: conn.tlsState,
  };
}
