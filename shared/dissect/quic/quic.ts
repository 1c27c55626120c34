/**
 * QUIC (RFC 9000/9001, v1 and v2) over UDP, found by tshark's heuristic: a long header of a known version, or a
 * short header on a conversation where a QUIC connection started. Each packet of a datagram (coalesced packets,
 * then whatever follows them as a short header) is shown; Initial packets are decrypted with keys from the client's
 * first Destination Connection ID, Handshake and 1-RTT packets with the key log's secrets.
 */
import { BoundsError, hex, slice, u32, u8 } from '../../bytes.ts';
import type { Dissector, PacketContext } from '../context.ts';
import { addExpert } from '../expert.ts';
import type { DatagramHeuristic } from '../tables.ts';
import type { FieldNode } from '../tree.ts';
import { tlsDecryption } from '../tls/crypto.ts';
import {
  endpoint,
  findConnection,
  newConnection,
  restartInitial,
  type QuicConnection,
  type Side,
  sideOf,
  SPACE_APPDATA,
  SPACE_HANDSHAKE,
  SPACE_INITIAL,
  type Space,
} from './connection.ts';
import { F } from './fields.ts';
import { dissectFrames } from './frames.ts';
import { cryptoData, suiteKnown } from './handshake.ts';
import {
  decodePacketNumber,
  decryptPayload,
  initialKeys,
  type PacketKeys,
  removeHeaderProtection,
  retryTagValid,
  type Unprotected,
} from './keys.ts';
import { readVarint, varintLength } from './varint.ts';
import {
  isKnownVersion,
  LONG_0RTT,
  LONG_HANDSHAKE,
  LONG_INITIAL,
  LONG_RETRY,
  LONG_TYPE_NAMES,
  longPacketType,
  QUIC_V2,
  versionName,
} from './versions.ts';

/** Why a packet cannot be decrypted, in tshark's words. */
const MISSING_HANDSHAKE = 'Missing TLS handshake, unsupported ciphers or padding';
const NO_SECRETS = 'Secrets are not available';

/** Largest connection ID length (RFC 9000 §17.2). */
const MAX_CID = 20;

/** tshark's UDP heuristic: claims the datagram when it looks like QUIC, and dissects it. */
export const quicHeuristic: DatagramHeuristic = (b, offset, length, pkt, parent) => {
  if (!looksLikeQuic(b, offset, length, pkt)) return false;
  quic(b, offset, length, pkt, parent);
  return true;
};

function looksLikeQuic(b: Uint8Array, o: number, len: number, pkt: PacketContext): boolean {
  if (len < 1) return false;
  if ((b[o]! & 0x80) === 0) return findConnection(pkt) !== undefined;
  if (len < 7) return false;
  const version = u32(b, o + 1);
  // A Version Negotiation packet is only taken on a conversation where QUIC already runs.
  const known = isKnownVersion(version) || (version === 0 && findConnection(pkt) !== undefined);
  return known && b[o + 5]! <= MAX_CID;
}

export const quic: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  pkt.protocols.push('quic');
  pkt.cols.protocol = 'QUIC';
  const end = offset + length;
  let p = offset;
  while (p < end) {
    // One "QUIC IETF" item per packet of the datagram; the Info column shows the last packet's summary.
    const node = t.add(parent, F.quic, p, packetExtent(b, p, end) - p, undefined);
    pkt.cols.info = '';
    const long = (b[p]! & 0x80) !== 0;
    const first = p === offset;
    p += long ? longHeaderPacket(b, p, end, pkt, node, first) : shortHeaderPacket(b, p, end, pkt, node, first);
  }
};

/**
 * Where the packet at `o` ends: a long header's Length field says so (Version Negotiation and Retry packets, short
 * headers and anything unreadable run to the end of the datagram).
 */
function packetExtent(b: Uint8Array, o: number, end: number): number {
  if ((b[o]! & 0x80) === 0 || o + 6 > end) return end;
  const version = u32(b, o + 1);
  const type = longPacketType(version, (b[o]! >> 4) & 3);
  if (version === 0 || type === LONG_RETRY) return end;
  let p = o + 6 + b[o + 5]!;
  if (p >= end) return end;
  p += 1 + b[p]!;
  if (type === LONG_INITIAL) {
    const tl = readVarint(b, p, end);
    if (tl < 0) return end;
    p += varintLength(b[p]!) + tl;
  }
  const len = readVarint(b, p, end);
  if (len < 0) return end;
  return Math.min(end, p + varintLength(b[p]!) + len);
}

/** "QUIC Connection information": the connection's number, or a note that no connection is known. */
function connectionInfo(pkt: PacketContext, node: FieldNode, conn: QuicConnection | undefined, at: number): void {
  const ci = pkt.tree.text(node, at, 0, 'QUIC Connection information');
  if (conn) pkt.tree.add(ci, F['quic.connection.number'], at, 0, conn.number, { generated: true });
  else
    addExpert(
      pkt,
      ci,
      F['quic.connection.unknown'],
      at,
      0,
      'note',
      'protocol',
      'Unknown QUIC connection. Missing Initial Packet or migrated connection?',
    );
}

/** One long-header packet at `o`; returns its length in the datagram. */
function longHeaderPacket(
  b: Uint8Array,
  o: number,
  end: number,
  pkt: PacketContext,
  node: FieldNode,
  firstInDatagram: boolean,
): number {
  const t = pkt.tree;
  const firstByte = b[o]!;
  const version = u32(b, o + 1);
  const dcil = u8(b, o + 5);
  const dcid = slice(b, o + 6, dcil);
  const scilAt = o + 6 + dcil;
  const scil = u8(b, scilAt);
  const scid = slice(b, scilAt + 1, scil);
  if (version === 0) return versionNegotiation(b, o, end, pkt, node, dcid, scid, firstInDatagram);
  const type = longPacketType(version, (firstByte >> 4) & 3);
  const typeName = LONG_TYPE_NAMES[type]!;
  pkt.cols.info = typeName;
  if (dcil) pkt.cols.info += `, DCID=${hex(dcid)}`;
  if (scil) pkt.cols.info += `, SCID=${hex(scid)}`;

  // The header's layout first, so the tree can be built in order.
  let p = scilAt + 1 + scil;
  let tokenLenAt = -1;
  let tokenLen = 0;
  if (type === LONG_INITIAL) {
    tokenLenAt = p;
    tokenLen = varintAt(b, p, end);
    p += varintLength(b[p]!) + tokenLen;
  }
  const lengthAt = p;
  const length = type === LONG_RETRY ? 0 : varintAt(b, p, end);
  const pnAt = type === LONG_RETRY ? end : p + varintLength(b[p]!);
  let packetEnd = type === LONG_RETRY ? end : pnAt + length;
  if (packetEnd > end) {
    pkt.malformed = true;
    pkt.notes.push({ severity: 'error', group: 'malformed', message: 'QUIC packet length exceeds the datagram' });
    packetEnd = end;
  }

  const conn = connectionFor(pkt, type, version, dcid, scid);
  const side: Side = conn ? sideOf(conn, pkt) : 0;
  if (conn && side === 1) {
    conn.cid[1] = scid.slice();
    // After a Retry both sides protect Initials with keys from the Retry's SCID, the client's new DCID.
    if (type === LONG_RETRY) restartInitial(conn, initialPair(version, scid));
  }
  const space: Space =
    type === LONG_INITIAL ? SPACE_INITIAL : type === LONG_HANDSHAKE ? SPACE_HANDSHAKE : SPACE_APPDATA;
  const keys = conn && type !== LONG_RETRY ? keysFor(conn, space, side, type === LONG_0RTT) : undefined;
  const d = tlsDecryption();
  const hp = keys && d && pnAt <= packetEnd ? removeHeaderProtection(d.crypto, keys, b, o, pnAt, packetEnd) : undefined;

  if (firstInDatagram) connectionInfo(pkt, node, conn, o);
  t.add(node, F['quic.packet_length'], o, 0, packetEnd - o, { generated: true });
  t.add(node, F['quic.header_form'], o, 1, 1);
  if (type !== LONG_RETRY) t.add(node, F['quic.fixed_bit'], o, 1, (firstByte & 0x40) !== 0);
  const typeField = version === QUIC_V2 ? F['quic.long.packet_type_v2'] : F['quic.long.packet_type'];
  t.add(node, typeField, o, 1, (firstByte >> 4) & 3, { label: typeLabel(firstByte, typeName) });
  if (hp) {
    t.add(node, F['quic.long.reserved'], o, 1, (hp.firstByte >> 2) & 3);
    t.add(node, F['quic.packet_number_length'], o, 1, hp.firstByte & 3);
  }
  t.add(node, F['quic.version'], o + 1, 4, version, {
    label: `Version: ${versionName(version)} (0x${version.toString(16).padStart(8, '0')})`,
  });
  t.add(node, F['quic.dcil'], o + 5, 1, dcil);
  if (dcil) t.add(node, F['quic.dcid'], o + 6, dcil, dcid);
  t.add(node, F['quic.scil'], scilAt, 1, scil);
  if (scil) t.add(node, F['quic.scid'], scilAt + 1, scil, scid);
  if (type === LONG_RETRY) {
    const tagAt = Math.max(p, end - 16);
    t.add(node, F['quic.retry_token'], p, tagAt - p, b.slice(p, tagAt));
    const tag = b.slice(tagAt, end);
    const c = tlsDecryption()?.crypto;
    const verified = conn && c ? retryTagValid(c, version, conn.originalDcid, b.subarray(o, tagAt), tag) : undefined;
    const tagNode = t.add(node, F['quic.retry_integrity_tag'], tagAt, end - tagAt, tag, {
      label: `Retry Integrity Tag: ${hex(tag)}${verified ? ' [verified]' : ''}`,
    });
    if (verified === false)
      addExpert(
        pkt,
        tagNode,
        F['quic.bad_retry'],
        tagAt,
        end - tagAt,
        'warn',
        'protocol',
        'Retry Integrity Tag verification failure',
      );
    return end - o;
  }
  if (tokenLenAt >= 0) {
    const n = varintLength(b[tokenLenAt]!);
    t.add(node, F['quic.token_length'], tokenLenAt, n, tokenLen);
    if (tokenLen)
      t.add(node, F['quic.token'], tokenLenAt + n, tokenLen, b.slice(tokenLenAt + n, tokenLenAt + n + tokenLen));
  }
  t.add(node, F['quic.length'], lengthAt, pnAt - lengthAt, length);
  if (!conn) {
    // No Initial seen for this conversation: tshark cannot even try the packet number.
    addExpert(pkt, node, F['quic.decryption_failed'], pnAt, 0, 'warn', 'decryption', 'Failed to decrypt packet number');
    if (packetEnd > pnAt) t.add(node, F['quic.remaining_payload'], pnAt, packetEnd - pnAt, b.slice(pnAt, packetEnd));
    return packetEnd - o;
  }
  if (!keys || !hp) {
    const missingHandshake = conn !== undefined && space !== SPACE_INITIAL && !suiteKnown(conn, pkt);
    undecrypted(b, pnAt, packetEnd, pkt, node, missingHandshake ? MISSING_HANDSHAKE : NO_SECRETS);
    return packetEnd - o;
  }
  payload(b, pnAt, packetEnd, pkt, node, conn, side, space, keys, hp, F['quic.payload'], node);
  return packetEnd - o;
}

function typeLabel(firstByte: number, name: string): string {
  const bits = (firstByte >> 4) & 3;
  return `..${bits >> 1}${bits & 1} .... = Packet Type: ${name} (${bits})`;
}

/** The varint at `p`, or a bounds error (the packet driver shows it as malformed) when the header is cut short. */
function varintAt(b: Uint8Array, p: number, end: number): number {
  const v = readVarint(b, p, end);
  if (v < 0) throw new BoundsError(p, varintLength(b[p] ?? 0), end);
  return v;
}

/** The connection a long-header packet belongs to: a client Initial with a new DCID starts one. */
function connectionFor(
  pkt: PacketContext,
  type: number,
  version: number,
  dcid: Uint8Array,
  scid: Uint8Array,
): QuicConnection | undefined {
  const conn = findConnection(pkt);
  if (type !== LONG_INITIAL) return conn;
  if (conn) {
    const fromClient = endpoint(pkt, true) === conn.client;
    const known = sameBytes(dcid, conn.originalDcid) || (conn.cid[1] !== undefined && sameBytes(dcid, conn.cid[1]));
    if (!fromClient || known) return conn;
  }
  return newConnection(pkt, version, dcid, scid, initialPair(version, dcid));
}

/** Client and server Initial keys from a Destination Connection ID, when the host provides the ciphers. */
function initialPair(version: number, dcid: Uint8Array): [PacketKeys, PacketKeys] | undefined {
  const c = tlsDecryption()?.crypto;
  const keys = c ? initialKeys(c, version, dcid) : undefined;
  return keys ? [keys.client, keys.server] : undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function keysFor(conn: QuicConnection, space: Space, side: Side, zeroRtt: boolean): PacketKeys | undefined {
  if (zeroRtt) return undefined;
  if (space === SPACE_INITIAL) return conn.initial?.[side];
  if (space === SPACE_HANDSHAKE) return conn.handshake[side];
  return conn.appData[side]?.current;
}

function undecrypted(b: Uint8Array, p: number, end: number, pkt: PacketContext, node: FieldNode, reason: string): void {
  const t = pkt.tree;
  const msg = `Failed to create decryption context: ${reason}`;
  addExpert(pkt, node, F['quic.decryption_failed'], p, 0, 'warn', 'decryption', msg);
  if (end > p) t.add(node, F['quic.remaining_payload'], p, end - p, b.slice(p, end));
}

/**
 * The packet number (header protection already removed) and payload under `headerNode`, then the payload's frames
 * under `node`, or a note on the payload when the AEAD tag does not verify. True when the payload decrypted.
 */
function payload(
  b: Uint8Array,
  pnAt: number,
  end: number,
  pkt: PacketContext,
  node: FieldNode,
  conn: QuicConnection,
  side: Side,
  space: Space,
  keys: PacketKeys,
  hp: Unprotected,
  payloadDef: (typeof F)['quic.payload'],
  headerNode: FieldNode,
): boolean {
  const t = pkt.tree;
  const crypto = tlsDecryption()!.crypto;
  const largest = conn.largestPn[space]!;
  const pn = decodePacketNumber(largest[side], hp.truncatedPn, hp.pnLength);
  pkt.cols.info += `, PKN: ${pn}`;
  t.add(headerNode, F['quic.packet_number'], pnAt, hp.pnLength, pn);
  const payloadAt = pnAt + hp.pnLength;
  const plain = decryptPayload(crypto, keys, hp.header, pn, b.subarray(payloadAt, end));
  const payloadNode = t.add(headerNode, payloadDef, payloadAt, end - payloadAt, b.slice(payloadAt, end));
  if (!plain) {
    const msg = 'Decryption failed: Decryption (checktag) failed: Checksum error';
    addExpert(pkt, payloadNode, F['quic.decryption_failed'], payloadAt, 0, 'warn', 'decryption', msg);
    return false;
  }
  if (pn > largest[side]) largest[side] = pn;
  const prev = t.source;
  t.source = t.addSource('Decrypted QUIC', plain);
  try {
    dissectFrames(plain, 0, plain.length, pkt, node, (off, at, len, frame) =>
      cryptoData(conn, space, side, off, plain, at, len, pkt, frame),
    );
  } finally {
    t.source = prev;
  }
  return true;
}

/** A short-header (1-RTT) packet: it runs to the end of the datagram. */
function shortHeaderPacket(
  b: Uint8Array,
  o: number,
  end: number,
  pkt: PacketContext,
  node: FieldNode,
  firstInDatagram: boolean,
): number {
  const t = pkt.tree;
  const conn = findConnection(pkt);
  const side: Side = conn ? sideOf(conn, pkt) : 0;
  const peer = conn ? (side === 0 ? (conn.cid[1] ?? conn.originalDcid) : conn.cid[0]) : undefined;
  const dcil = Math.min(peer?.length ?? 0, end - o - 1);
  const dcid = slice(b, o + 1, dcil);
  const pnAt = o + 1 + dcil;
  const app = conn?.appData[side];
  const d = tlsDecryption();
  const hp = app && d ? removeHeaderProtection(d.crypto, app.current, b, o, pnAt, end) : undefined;
  const keyPhase = hp ? (hp.firstByte >> 2) & 1 : 0;
  pkt.cols.info = `Protected Payload (KP${keyPhase})${dcil ? `, DCID=${hex(dcid)}` : ''}`;

  if (conn && firstInDatagram) connectionInfo(pkt, node, conn, o);
  t.add(node, F['quic.packet_length'], o, 0, end - o, { generated: true });
  const sh = t.add(node, F['quic.short'], o, 1 + dcil, undefined, {
    label: `QUIC Short Header${dcil ? ` DCID=${hex(dcid)}` : ''}`,
  });
  t.add(sh, F['quic.header_form'], o, 1, 0);
  t.add(sh, F['quic.fixed_bit'], o, 1, (b[o]! & 0x40) !== 0);
  t.add(sh, F['quic.spin_bit'], o, 1, (b[o]! & 0x20) !== 0);
  if (!conn || !app || !hp || !d) {
    if (dcil) t.add(sh, F['quic.dcid'], o + 1, dcil, dcid);
    // Before the ServerHello names the cipher, every packet says so; after it, only the connection's first says
    // that secrets are missing.
    if (conn && !suiteKnown(conn, pkt)) undecrypted(b, pnAt, end, pkt, node, MISSING_HANDSHAKE);
    else if (!conn || !conn.appSecretsMissingShown) {
      if (conn) conn.appSecretsMissingShown = true;
      undecrypted(b, pnAt, end, pkt, node, NO_SECRETS);
    } else if (end > pnAt) t.add(node, F['quic.remaining_payload'], pnAt, end - pnAt, b.slice(pnAt, end));
    return end - o;
  }
  sh.label += ` PKN=${decodePacketNumber(conn.largestPn[SPACE_APPDATA]![side], hp.truncatedPn, hp.pnLength)}`;
  t.add(sh, F['quic.short.reserved'], o, 1, (hp.firstByte >> 3) & 3);
  t.add(sh, F['quic.key_phase'], o, 1, keyPhase === 1);
  t.add(sh, F['quic.packet_number_length'], o, 1, hp.firstByte & 3);
  if (dcil) t.add(sh, F['quic.dcid'], o + 1, dcil, dcid);
  const keys = app.forPhase(d.crypto, keyPhase);
  const opened = payload(b, pnAt, end, pkt, node, conn, side, SPACE_APPDATA, keys, hp, F['quic.protected_payload'], sh);
  if (opened && keyPhase !== app.phase) app.advance(d.crypto);
  return end - o;
}

/** Versions of the form 0x?a?a?a?a are reserved to exercise version negotiation (RFC 9000 §15). */
function isGreaseVersion(v: number): boolean {
  return (v & 0x0f0f0f0f) === 0x0a0a0a0a;
}

function versionNegotiation(
  b: Uint8Array,
  o: number,
  end: number,
  pkt: PacketContext,
  node: FieldNode,
  dcid: Uint8Array,
  scid: Uint8Array,
  firstInDatagram: boolean,
): number {
  const t = pkt.tree;
  pkt.cols.info = 'Version Negotiation';
  if (dcid.length) pkt.cols.info += `, DCID=${hex(dcid)}`;
  if (scid.length) pkt.cols.info += `, SCID=${hex(scid)}`;
  if (firstInDatagram) connectionInfo(pkt, node, findConnection(pkt), o);
  t.add(node, F['quic.packet_length'], o, 0, end - o, { generated: true });
  t.add(node, F['quic.header_form'], o, 1, 1);
  t.add(node, F['quic.vn.unused'], o, 1, b[o]! & 0x7f);
  t.add(node, F['quic.version'], o + 1, 4, 0, { label: 'Version: Version Negotiation (0x00000000)' });
  t.add(node, F['quic.dcil'], o + 5, 1, dcid.length);
  if (dcid.length) t.add(node, F['quic.dcid'], o + 6, dcid.length, dcid);
  const scilAt = o + 6 + dcid.length;
  t.add(node, F['quic.scil'], scilAt, 1, scid.length);
  if (scid.length) t.add(node, F['quic.scid'], scilAt + 1, scid.length, scid);
  for (let p = scilAt + 1 + scid.length; p + 4 <= end; p += 4) {
    const v = u32(b, p);
    t.add(node, F['quic.supported_version'], p, 4, v, {
      label: `Supported Version: ${versionName(v)} (0x${v.toString(16).padStart(8, '0')})${isGreaseVersion(v) ? ' (GREASE)' : ''}`,
    });
  }
  return end - o;
}
