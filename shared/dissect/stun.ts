/**
 * STUN (RFC 5389/8489, with the ICE attributes of RFC 8445 and TURN's of RFC 8656): message type split into class
 * and method, magic cookie, transaction ID, attributes (addresses XOR-ed with the cookie, USERNAME, PRIORITY,
 * MESSAGE-INTEGRITY, FINGERPRINT checked), request/response matching, Info as tshark 4.0 prints it. Found on UDP by
 * its port or, sharing a port with DTLS/SRTP (RFC 7983), by its first byte and magic cookie.
 */
import { ascii, hex, slice, u16, u32, u8 } from '../bytes.ts';
import { crc32 } from '../crc32.ts';
import { ipv4Text, ipv6Text } from './addr.ts';
import { appendInfo, clearInfoOnce, type PacketContext } from './context.ts';
import { declareFields } from './fields.ts';
import { bitPattern } from './format.ts';
import type { FieldNode } from './tree.ts';

/** The STUN/TURN port (RFC 8489). */
export const STUN_UDP_PORT = 3478;
const HEADER = 20;
const MAGIC_COOKIE = 0x2112a442;
/** FINGERPRINT is the CRC-32 of the message before it, XOR-ed with "STUN". */
const FINGERPRINT_XOR = 0x5354554e;

const CLASSES = ['Request', 'Indication', 'Success Response', 'Error Response'] as const;

const METHODS: ReadonlyMap<number, string> = new Map([
  [0x001, 'Binding'],
  [0x002, 'SharedSecret'],
  [0x003, 'Allocate'],
  [0x004, 'Refresh'],
  [0x006, 'Send'],
  [0x007, 'Data'],
  [0x008, 'CreatePermission'],
  [0x009, 'ChannelBind'],
  [0x00a, 'Connect'],
  [0x00b, 'ConnectionBind'],
  [0x00c, 'ConnectionAttempt'],
]);

const ATTRIBUTES: ReadonlyMap<number, string> = new Map([
  [0x0001, 'MAPPED-ADDRESS'],
  [0x0002, 'RESPONSE-ADDRESS'],
  [0x0003, 'CHANGE-REQUEST'],
  [0x0004, 'SOURCE-ADDRESS'],
  [0x0005, 'CHANGED-ADDRESS'],
  [0x0006, 'USERNAME'],
  [0x0007, 'PASSWORD'],
  [0x0008, 'MESSAGE-INTEGRITY'],
  [0x0009, 'ERROR-CODE'],
  [0x000a, 'UNKNOWN-ATTRIBUTES'],
  [0x000b, 'REFLECTED-FROM'],
  [0x000c, 'CHANNEL-NUMBER'],
  [0x000d, 'LIFETIME'],
  [0x0012, 'XOR-PEER-ADDRESS'],
  [0x0013, 'DATA'],
  [0x0014, 'REALM'],
  [0x0015, 'NONCE'],
  [0x0016, 'XOR-RELAYED-ADDRESS'],
  [0x0017, 'REQUESTED-ADDRESS-FAMILY'],
  [0x0018, 'EVEN-PORT'],
  [0x0019, 'REQUESTED-TRANSPORT'],
  [0x001a, 'DONT-FRAGMENT'],
  [0x001c, 'MESSAGE-INTEGRITY-SHA256'],
  [0x001d, 'PASSWORD-ALGORITHM'],
  [0x001e, 'USERHASH'],
  [0x0020, 'XOR-MAPPED-ADDRESS'],
  [0x0022, 'RESERVATION-TOKEN'],
  [0x0024, 'PRIORITY'],
  [0x0025, 'USE-CANDIDATE'],
  [0x0026, 'PADDING'],
  [0x0027, 'RESPONSE-PORT'],
  [0x002a, 'CONNECTION-ID'],
  [0x8002, 'PASSWORD-ALGORITHMS'],
  [0x8003, 'ALTERNATE-DOMAIN'],
  [0x8022, 'SOFTWARE'],
  [0x8023, 'ALTERNATE-SERVER'],
  [0x8027, 'CACHE-TIMEOUT'],
  [0x8028, 'FINGERPRINT'],
  [0x8029, 'ICE-CONTROLLED'],
  [0x802a, 'ICE-CONTROLLING'],
  [0x802b, 'RESPONSE-ORIGIN'],
  [0x802c, 'OTHER-ADDRESS'],
]);

const F = declareFields({
  stun: { name: 'Session Traversal Utilities for NAT', type: 'protocol' },
  'stun.type': { name: 'Message Type', type: 'uint16', base: 'hex' },
  'stun.type.class': { name: 'Message Class', type: 'uint16', base: 'hex', bitmask: 0x0110, bitWidth: 16 },
  'stun.type.method': { name: 'Message Method', type: 'uint16', base: 'hex', bitmask: 0x3eef, bitWidth: 16 },
  'stun.type.method-assignment': {
    name: 'Message Method Assignment',
    type: 'uint16',
    base: 'hex',
    bitmask: 0x2000,
    bitWidth: 16,
    strings: { 0: 'IETF Review', 1: 'Designated Expert' },
  },
  'stun.length': { name: 'Message Length', type: 'uint16' },
  'stun.cookie': { name: 'Message Cookie', type: 'bytes' },
  'stun.id': { name: 'Message Transaction ID', type: 'bytes' },
  'stun.network_version': {
    name: 'STUN Network Version',
    type: 'uint8',
    strings: { 1: 'MS-TURN', 2: 'RFC-3489 and earlier', 3: 'RFC-5389/8489' },
  },
  'stun.attributes': { name: 'Attributes', type: 'none' },
  'stun.att.type': { name: 'Attribute Type', type: 'uint16', base: 'hex', strings: ATTRIBUTES },
  'stun.att.type.comprehension': {
    name: 'Attribute Type Comprehension',
    type: 'uint16',
    base: 'hex',
    bitmask: 0x8000,
    bitWidth: 16,
    strings: { 0: 'Required', 1: 'Optional' },
  },
  'stun.att.type.assignment': {
    name: 'Attribute Type Assignment',
    type: 'uint16',
    base: 'hex',
    bitmask: 0x4000,
    bitWidth: 16,
    strings: { 0: 'IETF Review', 1: 'Designated Expert' },
  },
  'stun.att.length': { name: 'Attribute Length', type: 'uint16' },
  'stun.att.reserved': { name: 'Reserved', type: 'bytes' },
  'stun.att.family': { name: 'Protocol Family', type: 'uint8', base: 'hex', strings: { 1: 'IPv4', 2: 'IPv6' } },
  'stun.att.port': { name: 'Port', type: 'uint16' },
  'stun.att.ipv4': { name: 'IP', type: 'ipv4' },
  'stun.att.ipv6': { name: 'IP', type: 'ipv6' },
  'stun.att.port-xord': { name: 'Port (XOR-d)', type: 'bytes' },
  'stun.att.ipv4-xord': { name: 'IP (XOR-d)', type: 'bytes' },
  'stun.att.ipv6-xord': { name: 'IP (XOR-d)', type: 'bytes' },
  'stun.att.username': { name: 'Username', type: 'string' },
  'stun.att.padding': { name: 'Padding', type: 'uint16' },
  'stun.att.hmac': { name: 'HMAC-SHA1', type: 'bytes' },
  'stun.att.crc32': { name: 'CRC-32', type: 'uint32', base: 'hex' },
  'stun.att.crc32.status': {
    name: 'CRC-32 Status',
    type: 'uint8',
    strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified', 3: 'Not present', 4: 'Illegal' },
  },
  'stun.att.error.class': { name: 'Error Class', type: 'uint8' },
  'stun.att.error': { name: 'Error Code', type: 'uint8' },
  'stun.att.error.reason': { name: 'Error Reason Phrase', type: 'string' },
  'stun.att.realm': { name: 'Realm', type: 'string' },
  'stun.att.nonce': { name: 'Nonce', type: 'string' },
  'stun.att.software': { name: 'Software', type: 'string' },
  'stun.att.priority': { name: 'Priority', type: 'uint32' },
  'stun.att.tie-breaker': { name: 'Tie breaker', type: 'bytes' },
  'stun.att.lifetime': { name: 'Lifetime', type: 'uint32' },
  'stun.value': { name: 'Value', type: 'bytes' },
  'stun.response-in': { name: 'Response In', type: 'framenum' },
  'stun.response-to': { name: 'Request In', type: 'framenum' },
  'stun.time': { name: 'Time', type: 'reltime' },
  'stun.reqduplicate': { name: 'Duplicated original message in', type: 'framenum' },
});

/** RFC 7983 demultiplexing: a STUN message starts with 0-3, carries the magic cookie, and fills the datagram. */
export function looksLikeStun(b: Uint8Array, o: number, len: number): boolean {
  if (len < HEADER || b[o]! > 3) return false;
  if (u32(b, o + 4) !== MAGIC_COOKIE) return false;
  const msgLen = u16(b, o + 2);
  return msgLen % 4 === 0 && HEADER + msgLen === len;
}

interface Transaction {
  frame: number;
  ns: number;
}

function transactions(pkt: PacketContext): Map<string, Transaction> {
  let m = pkt.state.slots.get('stun') as Map<string, Transaction> | undefined;
  if (!m) {
    m = new Map();
    pkt.state.slots.set('stun', m);
  }
  return m;
}

function relTime(ns: number): string {
  const s = Math.floor(ns / 1e9);
  return `${s}.${String(Math.round(ns - s * 1e9)).padStart(9, '0')}`;
}

export function dissectStun(b: Uint8Array, o: number, len: number, pkt: PacketContext, parent: FieldNode | null) {
  const t = pkt.tree;
  pkt.protocols.push('stun');
  pkt.cols.protocol = 'STUN';
  clearInfoOnce(pkt);
  const type = u16(b, o);
  const msgLen = u16(b, o + 2);
  const cls = ((type & 0x0100) >> 7) | ((type & 0x0010) >> 4);
  const method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
  const methodName = METHODS.get(method) ?? 'Unknown';
  const title = `${methodName} ${CLASSES[cls]}`;
  pkt.cols.info = title;
  const root = t.add(parent, F.stun, o, Math.min(len, HEADER + msgLen), undefined);
  const id = slice(b, o + 8, 12);
  matchTransaction(o, cls, hex(id), pkt, root);
  const mt = t.add(root, F['stun.type'], o, 2, type, {
    label: `Message Type: 0x${type.toString(16).padStart(4, '0')} (${title})`,
  });
  t.add(mt, F['stun.type.class'], o, 2, (type & 0x0110) >> 4, {
    label: `${bitPattern(0x0110, 16, type)} = Message Class: 0x${((type & 0x0110) >> 4).toString(16).padStart(2, '0')} ${CLASSES[cls]} (${cls})`,
  });
  t.add(mt, F['stun.type.method'], o, 2, type & 0x3eef, {
    label: `${bitPattern(0x3eef, 16, type)} = Message Method: 0x${(type & 0x3eef).toString(16).padStart(4, '0')} ${methodName} (0x${method.toString(16).padStart(3, '0')})`,
  });
  t.add(mt, F['stun.type.method-assignment'], o, 2, (type & 0x2000) >> 13, {
    label: oneBit(0x2000, type, 'Message Method Assignment', ['IETF Review', 'Designated Expert']),
  });
  t.add(root, F['stun.length'], o + 2, 2, msgLen);
  t.add(root, F['stun.cookie'], o + 4, 4, slice(b, o + 4, 4));
  t.add(root, F['stun.id'], o + 8, 12, id);
  t.add(root, F['stun.network_version'], o, 0, 3, { generated: true });
  const end = o + Math.min(len, HEADER + msgLen);
  if (end > o + HEADER) {
    const atts = t.add(root, F['stun.attributes'], o + HEADER, end - o - HEADER, undefined);
    let p = o + HEADER;
    while (p + 4 <= end) {
      const at = u16(b, p);
      const al = u16(b, p + 2);
      if (p + 4 + al > end) pkt.malformed = true;
      dissectAttribute(b, o, p, at, Math.min(al, end - p - 4), pkt, atts);
      p += 4 + al + ((4 - (al % 4)) % 4);
    }
  }
}

/** A one-bit flag of a 16-bit word as tshark labels it: `1... .... .... .... = Name: Meaning (0x1)`. */
function oneBit(mask: number, word: number, name: string, meanings: readonly [string, string]): string {
  const v = word & mask ? 1 : 0;
  return `${bitPattern(mask, 16, word)} = ${name}: ${meanings[v]} (0x${v})`;
}

function matchTransaction(o: number, cls: number, id: string, pkt: PacketContext, root: FieldNode) {
  const t = pkt.tree;
  const seen = transactions(pkt);
  const key = `${pkt.conversation}|${id}`;
  const request = seen.get(key);
  if (cls === 0) {
    if (!request) seen.set(key, { frame: pkt.number, ns: pkt.relNs });
    else if (request.frame !== pkt.number)
      t.add(root, F['stun.reqduplicate'], o, 0, request.frame, { generated: true });
    return;
  }
  if (cls === 1 || !request) return;
  t.add(root, F['stun.response-to'], o, 0, request.frame, {
    generated: true,
    label: `[Request In: ${request.frame}]`,
  });
  const dt = relTime(pkt.relNs - request.ns);
  t.add(root, F['stun.time'], o, 0, dt, { generated: true, label: `[Time: ${dt} seconds]` });
}

function dissectAttribute(
  b: Uint8Array,
  msg: number,
  p: number,
  at: number,
  al: number,
  pkt: PacketContext,
  atts: FieldNode,
): void {
  const t = pkt.tree;
  const name = ATTRIBUTES.get(at) ?? `Unknown (0x${at.toString(16).padStart(4, '0')})`;
  const pad = (4 - (al % 4)) % 4;
  const node = t.text(atts, p, 4 + al + pad, name);
  const typeNode = t.add(node, F['stun.att.type'], p, 2, at, { label: `Attribute Type: ${name}` });
  t.add(typeNode, F['stun.att.type.comprehension'], p, 2, at >> 15, {
    label: oneBit(0x8000, at, 'Attribute Type Comprehension', ['Required', 'Optional']),
  });
  t.add(typeNode, F['stun.att.type.assignment'], p, 2, (at >> 14) & 1, {
    label: oneBit(0x4000, at, 'Attribute Type Assignment', ['IETF Review', 'Designated Expert']),
  });
  t.add(node, F['stun.att.length'], p + 2, 2, al);
  const v = p + 4;
  switch (at) {
    case 0x0006: {
      const user = ascii(slice(b, v, al));
      t.add(node, F['stun.att.username'], v, al, user);
      if (pad) t.add(node, F['stun.att.padding'], v + al, pad, pad);
      node.label = `${name}: ${user}`;
      appendInfo(pkt, ' ', `user: ${user}`);
      return;
    }
    case 0x0001:
    case 0x0002:
    case 0x0004:
    case 0x0005:
    case 0x000b:
    case 0x8023:
    case 0x802b:
    case 0x802c:
      node.label = `${name}: ${address(b, msg, v, al, false, pkt, node)}`;
      if (at === 0x0001) appendInfo(pkt, ' ', node.label);
      return;
    case 0x0012:
    case 0x0016:
    case 0x0020:
      node.label = `${name}: ${address(b, msg, v, al, true, pkt, node)}`;
      if (at === 0x0020) appendInfo(pkt, ' ', node.label);
      return;
    case 0x0008:
      t.add(node, F['stun.att.hmac'], v, al, slice(b, v, al));
      return;
    case 0x8028: {
      const crc = u32(b, v);
      const good = (crc32(b, msg, p - msg) ^ FINGERPRINT_XOR) >>> 0 === crc;
      t.add(node, F['stun.att.crc32'], v, 4, crc, {
        label: `CRC-32: 0x${crc.toString(16).padStart(8, '0')} [${good ? 'correct' : 'incorrect'}]`,
      });
      t.add(node, F['stun.att.crc32.status'], v, 4, good ? 1 : 0, {
        generated: true,
        label: `[CRC-32 Status: ${good ? 'Good' : 'Bad'}]`,
      });
      return;
    }
    case 0x0024:
      t.add(node, F['stun.att.priority'], v, 4, u32(b, v));
      return;
    case 0x8029:
    case 0x802a:
      t.add(node, F['stun.att.tie-breaker'], v, al, slice(b, v, al));
      return;
    case 0x000d:
      t.add(node, F['stun.att.lifetime'], v, 4, u32(b, v));
      node.label = `${name}: ${u32(b, v)}`;
      appendInfo(pkt, ' ', `lifetime: ${u32(b, v)}`);
      return;
    case 0x0009: {
      const code = (u8(b, v + 2) & 7) * 100 + u8(b, v + 3);
      const reason = ascii(slice(b, v + 4, al - 4));
      t.add(node, F['stun.att.error.class'], v + 2, 1, u8(b, v + 2) & 7);
      t.add(node, F['stun.att.error'], v + 3, 1, u8(b, v + 3));
      t.add(node, F['stun.att.error.reason'], v + 4, al - 4, reason);
      node.label = `${name}: ${code} (${reason})`;
      appendInfo(pkt, ' ', `error-code: ${code} (${reason})`);
      return;
    }
    case 0x0014:
    case 0x0015:
    case 0x8022: {
      const text = ascii(slice(b, v, al));
      const f = at === 0x0014 ? 'stun.att.realm' : at === 0x0015 ? 'stun.att.nonce' : 'stun.att.software';
      t.add(node, F[f], v, al, text);
      node.label = `${name}: ${text}`;
      if (at === 0x0014) appendInfo(pkt, ' ', `realm: ${text}`);
      if (at === 0x0015) appendInfo(pkt, ' ', 'with nonce');
      return;
    }
    case 0x0025:
      return;
    default:
      if (al) t.add(node, F['stun.value'], v, al, slice(b, v, al));
  }
}

/** A (possibly XOR-ed) address attribute: its fields, and its text `ip:port`. */
function address(
  b: Uint8Array,
  msg: number,
  v: number,
  al: number,
  xored: boolean,
  pkt: PacketContext,
  node: FieldNode,
): string {
  const t = pkt.tree;
  const family = u8(b, v + 1);
  t.add(node, F['stun.att.reserved'], v, 1, slice(b, v, 1));
  t.add(node, F['stun.att.family'], v + 1, 1, family);
  const rawPort = u16(b, v + 2);
  const port = xored ? rawPort ^ (MAGIC_COOKIE >>> 16) : rawPort;
  const addrLen = family === 2 ? 16 : 4;
  if (al < 4 + addrLen) {
    pkt.malformed = true;
    return '';
  }
  const ip = new Uint8Array(addrLen);
  for (let i = 0; i < addrLen; i++) ip[i] = xored ? b[v + 4 + i]! ^ b[msg + 4 + i]! : b[v + 4 + i]!;
  const ipText = family === 2 ? ipv6Text(ip, 0) : ipv4Text(ip, 0);
  if (xored) {
    t.add(node, F['stun.att.port-xord'], v + 2, 2, slice(b, v + 2, 2));
    t.add(node, F['stun.att.port'], v + 2, 2, port, { generated: true });
    t.add(
      node,
      F[family === 2 ? 'stun.att.ipv6-xord' : 'stun.att.ipv4-xord'],
      v + 4,
      addrLen,
      slice(b, v + 4, addrLen),
    );
    t.add(node, F[family === 2 ? 'stun.att.ipv6' : 'stun.att.ipv4'], v + 4, addrLen, ipText, { generated: true });
  } else {
    t.add(node, F['stun.att.port'], v + 2, 2, port);
    t.add(node, F[family === 2 ? 'stun.att.ipv6' : 'stun.att.ipv4'], v + 4, addrLen, ipText);
  }
  return family === 2 ? `[${ipText}]:${port}` : `${ipText}:${port}`;
}

/** UDP heuristic (any port): claims a datagram that is one STUN message with the magic cookie. */
export function stunHeuristic(
  b: Uint8Array,
  o: number,
  len: number,
  pkt: PacketContext,
  parent: FieldNode | null,
): boolean {
  if (!looksLikeStun(b, o, len)) return false;
  dissectStun(b, o, len, pkt, parent);
  return true;
}
