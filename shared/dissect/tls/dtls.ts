/**
 * DTLS 1.0/1.2 over UDP (RFC 6347): records with epoch and 48-bit sequence number, handshake messages with
 * message_seq / fragment_offset / fragment_length (fragments reassembled across records and datagrams), and the
 * handshake, extension and certificate decoding of TLS, shown under `dtls.*` names. As in tshark 4.0, the DTLS 1.3
 * unified header (RFC 9147) is not recognised: such datagrams stay plain UDP.
 */
import { slice, u16, u24, u32, u8 } from '../../bytes.ts';
import { appendInfo, clearInfoOnce, type PacketContext } from '../context.ts';
import type { StreamInfo } from '../stream.ts';
import type { FieldNode } from '../tree.ts';
import { DF, dtlsField } from './dtls-fields.ts';
import { addDtlsExtensions } from './dtls-extensions.ts';
import { addFragment, type FragmentSeen, type PendingMessages } from './dtls-reassembly.ts';
import { F, versionShortName } from './fields.ts';
import { dissectMessage, HS } from './handshake.ts';
import { tlsSession, type TlsSession } from './session.ts';
import { alertDescriptions, alertLevels, handshakeTypes } from './tables.ts';

const CT_CCS = 20;
const CT_ALERT = 21;
const CT_HANDSHAKE = 22;
const CT_APPDATA = 23;
const CT_HEARTBEAT = 24;
const RECORD_HEADER = 13;
const HANDSHAKE_HEADER = 12;

/** Record versions tshark 4.0 takes for DTLS (1.0, 1.2, and OpenSSL's pre-standard 1.0). */
const DTLS_VERSIONS = new Set([0xfeff, 0xfefd, 0x0100]);

/** RFC 6347 record header with a known content type and DTLS version, whose length fits the datagram. */
export function looksLikeDtls(b: Uint8Array, o: number, len: number): boolean {
  if (len < RECORD_HEADER) return false;
  const ct = b[o]!;
  if (ct < CT_CCS || ct > CT_HEARTBEAT) return false;
  if (!DTLS_VERSIONS.has((b[o + 1]! << 8) | b[o + 2]!)) return false;
  return RECORD_HEADER + ((b[o + 11]! << 8) | b[o + 12]!) <= len;
}

/** What DTLS keeps per UDP conversation. */
interface DtlsConversation {
  /** Endpoint (address:port) that sent the first datagram: direction 0. */
  first: string;
  info: [StreamInfo, StreamInfo];
  pending: PendingMessages;
}

function conversation(pkt: PacketContext): { conv: DtlsConversation; info: StreamInfo } {
  let all = pkt.state.slots.get('dtls') as Map<string, DtlsConversation> | undefined;
  if (!all) {
    all = new Map();
    pkt.state.slots.set('dtls', all);
  }
  const from = `${pkt.net.src}:${pkt.srcPort}`;
  let conv = all.get(pkt.conversation);
  if (!conv) {
    const convState = new Map<string, unknown>();
    const make = (direction: 0 | 1, srcPort: number, dstPort: number): StreamInfo => ({
      stream: pkt.stream,
      direction,
      srcPort,
      dstPort,
      convState,
    });
    conv = {
      first: from,
      info: [make(0, pkt.srcPort, pkt.dstPort), make(1, pkt.dstPort, pkt.srcPort)],
      pending: new Map(),
    };
    all.set(pkt.conversation, conv);
  }
  return { conv, info: conv.info[from === conv.first ? 0 : 1] };
}

/** The name of the session's version as the Protocol column and record titles show it ("DTLS" while unknown). */
function sessionName(s: TlsSession): string {
  return (DTLS_VERSIONS.has(s.version) && versionShortName(s.version)) || 'DTLS';
}

/** Dissects every record of a datagram already known to be DTLS (a record cut short by the datagram is malformed). */
export function dissectDtls(
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
) {
  const t = pkt.tree;
  const { conv, info } = conversation(pkt);
  const s = tlsSession(info);
  s.dtls = true;
  if (!pkt.protocols.includes('dtls')) pkt.protocols.push('dtls');
  pkt.cols.protocol = sessionName(s);
  clearInfoOnce(pkt);
  const root = t.add(parent, DF.dtls, offset, length, undefined);
  const previous = t.mapField;
  t.mapField = dtlsField;
  try {
    const end = offset + length;
    let o = offset;
    while (o + RECORD_HEADER <= end) {
      const recLen = u16(b, o + 11);
      if (o + RECORD_HEADER + recLen > end) pkt.malformed = true;
      dissectRecord(b, o, Math.min(recLen, end - o - RECORD_HEADER), pkt, root, s, info, conv);
      o += RECORD_HEADER + recLen;
    }
  } finally {
    t.mapField = previous;
  }
}

function dissectRecord(
  b: Uint8Array,
  o: number,
  recLen: number,
  pkt: PacketContext,
  root: FieldNode,
  s: TlsSession,
  info: StreamInfo,
  conv: DtlsConversation,
): void {
  const t = pkt.tree;
  const ct = u8(b, o);
  const version = u16(b, o + 1);
  const epoch = u16(b, o + 3);
  const body = o + RECORD_HEADER;
  // A ServerHello or HelloVerifyRequest fixes the session's version from its record until the hello says more.
  if (s.version === 0 && ct === CT_HANDSHAKE && recLen > 0 && DTLS_VERSIONS.has(version)) {
    const first = b[body];
    if (first === HS.SERVER_HELLO || first === HS.HELLO_VERIFY_REQUEST) s.version = version;
  }
  const name = sessionName(s);
  const rec = t.add(root, DF['dtls.record'], o, RECORD_HEADER + recLen, undefined);
  t.add(rec, DF['dtls.record.content_type'], o, 1, ct);
  t.add(rec, DF['dtls.record.version'], o + 1, 2, version);
  t.add(rec, DF['dtls.record.epoch'], o + 3, 2, epoch);
  t.add(rec, DF['dtls.record.sequence_number'], o + 5, 6, u16(b, o + 5) * 2 ** 32 + u32(b, o + 7));
  t.add(rec, DF['dtls.record.length'], o + 11, 2, u16(b, o + 11));
  pkt.cols.protocol = name;
  switch (ct) {
    case CT_CCS:
      rec.label = `${name} Record Layer: Change Cipher Spec Protocol: Change Cipher Spec`;
      t.add(rec, F['tls.change_cipher_spec'], body, recLen, undefined);
      appendInfo(pkt, ', ', 'Change Cipher Spec');
      return;
    case CT_ALERT: {
      if (epoch !== 0 || recLen !== 2) {
        rec.label = `${name} Record Layer: Encrypted Alert`;
        t.add(rec, F['tls.alert_message'], body, recLen, undefined, { label: 'Alert Message: Encrypted Alert' });
        appendInfo(pkt, ', ', 'Encrypted Alert');
        return;
      }
      const level = u8(b, body);
      const desc = u8(b, body + 1);
      const text = `Alert (Level: ${alertLevels.get(level) ?? `Unknown (${level})`}, Description: ${alertDescriptions.get(desc) ?? `Unknown (${desc})`})`;
      rec.label = `${name} Record Layer: ${text}`;
      const am = t.add(rec, F['tls.alert_message'], body, 2, undefined);
      t.add(am, F['tls.alert_message.level'], body, 1, level);
      t.add(am, F['tls.alert_message.desc'], body + 1, 1, desc);
      appendInfo(pkt, ', ', text);
      return;
    }
    case CT_HANDSHAKE:
      if (epoch !== 0) {
        // tshark 4.0 leaves an encrypted handshake record's items untitled ("Record Layer", "Handshake Protocol").
        t.add(rec, F['tls.handshake'], body, recLen, undefined);
        appendInfo(pkt, ', ', 'Encrypted Handshake Message');
        return;
      }
      dissectHandshakes(b, body, recLen, pkt, rec, name, s, info, conv);
      pkt.cols.protocol = sessionName(s);
      return;
    case CT_APPDATA:
      rec.label = `${name} Record Layer: Application Data Protocol: Application Data`;
      t.add(rec, F['tls.app_data'], body, recLen, slice(b, body, recLen));
      appendInfo(pkt, ', ', 'Application Data');
      return;
    case CT_HEARTBEAT:
      rec.label = `${name} Record Layer: Encrypted Heartbeat`;
      t.add(rec, F['tls.heartbeat_message'], body, recLen, undefined, { label: 'Encrypted Heartbeat Message' });
      appendInfo(pkt, ', ', 'Encrypted Heartbeat');
      return;
  }
}

/** The handshake messages (or fragments of messages) of one plaintext handshake record. */
function dissectHandshakes(
  b: Uint8Array,
  o: number,
  len: number,
  pkt: PacketContext,
  rec: FieldNode,
  name: string,
  s: TlsSession,
  info: StreamInfo,
  conv: DtlsConversation,
): void {
  const t = pkt.tree;
  const end = o + len;
  const titles: string[] = [];
  let p = o;
  while (p + HANDSHAKE_HEADER <= end) {
    const type = u8(b, p);
    const msgLen = u24(b, p + 1);
    const seq = u16(b, p + 4);
    const fragOffset = u24(b, p + 6);
    const fragLen = u24(b, p + 9);
    const avail = Math.min(fragLen, end - p - HANDSHAKE_HEADER);
    const msgName = handshakeTypes.get(type) ?? 'Encrypted Handshake Message';
    const whole = fragOffset === 0 && fragLen === msgLen;
    const hs = t.add(rec, F['tls.handshake'], p, HANDSHAKE_HEADER + avail, undefined);
    t.add(hs, F['tls.handshake.type'], p, 1, type);
    t.add(hs, F['tls.handshake.length'], p + 1, 3, msgLen);
    t.add(hs, DF['dtls.handshake.message_seq'], p + 4, 2, seq);
    t.add(hs, DF['dtls.handshake.fragment_offset'], p + 6, 3, fragOffset);
    t.add(hs, DF['dtls.handshake.fragment_length'], p + 9, 3, fragLen);
    const bodyAt = p + HANDSHAKE_HEADER;
    let title = msgName;
    if (whole) {
      if (avail < fragLen) pkt.malformed = true;
      else dissectBody(b, bodyAt, msgLen, type, msgName, pkt, hs, s, info);
    } else {
      const key = `${info.direction}:${seq}`;
      const done = addFragment(conv.pending, key, type, msgLen, fragOffset, slice(b, bodyAt, avail), pkt.number);
      if (done.complete) {
        title = `${msgName} (Reassembled)`;
        const src = t.addSource('Reassembled DTLS', done.complete.body);
        const prevSource = t.source;
        t.source = src;
        try {
          dissectBody(done.complete.body, 0, msgLen, type, msgName, pkt, hs, s, info);
        } finally {
          t.source = prevSource;
        }
        addFragmentList(pkt, rec, done.complete.fragments, msgLen);
      } else title = `${msgName} (Fragment)`;
    }
    hs.label = `Handshake Protocol: ${title}`;
    titles.push(title);
    appendInfo(pkt, ', ', title);
    p += HANDSHAKE_HEADER + fragLen;
  }
  rec.label = `${name} Record Layer: Handshake Protocol: ${titles.length === 1 ? titles[0] : 'Multiple Handshake Messages'}`;
}

/** A complete message body: the shared TLS decoding, keeping the session's version one tshark 4.0 knows for DTLS. */
function dissectBody(
  b: Uint8Array,
  o: number,
  len: number,
  type: number,
  msgName: string,
  pkt: PacketContext,
  hs: FieldNode,
  s: TlsSession,
  info: StreamInfo,
): void {
  const before = s.version;
  dissectMessage(b.subarray(0, o + len), o, len, type, msgName, pkt, hs, s, info);
  addDtlsExtensions(b, o, len, type, pkt, hs);
  // A DTLS 1.3 ServerHello names 0xfefc in supported_versions: tshark 4.0 keeps the record's version.
  if (!DTLS_VERSIONS.has(s.version)) s.version = before;
}

function addFragmentList(pkt: PacketContext, rec: FieldNode, fragments: readonly FragmentSeen[], total: number): void {
  const t = pkt.tree;
  if (!t.build) return;
  const list = t.add(rec, DF['dtls.fragments'], 0, 0, undefined, {
    generated: true,
    label: `[${fragments.length} Message fragments (${total} bytes): ${fragments.map((f) => `#${f.frame}(${f.length})`).join(', ')}]`,
  });
  for (const f of fragments)
    t.add(list, DF['dtls.fragment'], 0, 0, f.frame, {
      generated: true,
      label: `[Frame: ${f.frame}, payload: ${f.offset}-${f.offset + f.length - 1} (${f.length} bytes)]`,
    });
  t.add(list, DF['dtls.fragment.count'], 0, 0, fragments.length, { generated: true });
  t.add(list, DF['dtls.reassembled.length'], 0, 0, total, { generated: true });
}

/** UDP heuristic: claims a datagram that starts with a DTLS record header. */
export function dtlsHeuristic(
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
): boolean {
  if (!looksLikeDtls(b, offset, length)) return false;
  dissectDtls(b, offset, length, pkt, parent);
  return true;
}

/** UDP ports tshark 4.0 gives DTLS (DNS, Diameter, CIP-IO, CoAP over DTLS). */
export const DTLS_UDP_PORTS = [853, 2221, 5684, 5868];
