/**
 * The TLS record layer over a byte stream: splits records (asking TCP for more bytes when one is incomplete),
 * sets the Protocol and Info columns as Wireshark does, and hands each record's body to its content dissector.
 */
import { slice, u16, u8 } from '../../bytes.ts';
import { appendInfo, clearInfoOnce, type PacketContext } from '../context.ts';
import type { StreamInfo, StreamProtocol, StreamResult } from '../stream.ts';
import type { FieldNode } from '../tree.ts';
import { addExpert } from '../expert.ts';
import { F, versionShortName } from './fields.ts';
import { onChangeCipherSpec } from './decrypt.ts';
import { dissectProtectedRecord } from './decrypted.ts';
import { dissectHandshakeRecord } from './handshake.ts';
import { tlsRecordObserver } from './observer.ts';
import { appDataProtocol, isFromServer, tlsSession, type TlsSession } from './session.ts';
import { alertDescriptions, alertLevels, contentTypes, heartbeatMessageTypes } from './tables.ts';
import { dissectSslv2Record, looksLikeSslv2 } from './sslv2.ts';
import { checkRecordSecurity } from './weak-crypto.ts';

const CT_CCS = 20;
const CT_ALERT = 21;
const CT_HANDSHAKE = 22;
const CT_APPDATA = 23;
const CT_HEARTBEAT = 24;
/** Longest record TLS allows (2^14 plaintext + 2048 expansion). */
const MAX_RECORD = 16384 + 2048;

const V3_VERSIONS = new Set([0x0300, 0x0301, 0x0302, 0x0303, 0x0101]);

export function looksLikeSslv3(b: Uint8Array, o: number, len: number): boolean {
  if (len < 3) return false;
  const ct = b[o]!;
  if (ct < CT_CCS || ct > CT_HEARTBEAT) return false;
  return V3_VERSIONS.has((b[o + 1]! << 8) | b[o + 2]!);
}

/** On a port not registered for TLS, only a handshake record carrying a Client or Server Hello claims the stream. */
function looksLikeHello(b: Uint8Array, o: number, len: number): boolean {
  if (len < 6 || !looksLikeSslv3(b, o, len) || b[o] !== CT_HANDSHAKE) return false;
  return b[o + 5] === 1 || b[o + 5] === 2;
}

/** RFC 6520: at least 16 bytes of padding follow the payload. */
const HEARTBEAT_MIN_PADDING = 16;

/** A plaintext heartbeat message's fields, with Wireshark's check of the payload length against the record's. */
function dissectHeartbeat(
  b: Uint8Array,
  body: number,
  recLen: number,
  plen: number,
  pkt: PacketContext,
  hb: FieldNode,
  type: number,
): void {
  const t = pkt.tree;
  t.add(hb, F['tls.heartbeat_message.type'], body, 1, type);
  const shown = Math.min(plen, recLen - 3);
  const invalid = plen + 3 + HEARTBEAT_MIN_PADDING > recLen;
  const pl = t.add(hb, F['tls.heartbeat_message.payload_length'], body + 1, 2, plen, {
    label: invalid ? `Payload Length: ${plen} (invalid, using ${shown} to decode payload)` : undefined,
  });
  if (invalid)
    addExpert(
      pkt,
      pl,
      F['tls.heartbeat_message.payload_length.invalid'],
      body + 1,
      2,
      'error',
      'malformed',
      `Invalid heartbeat payload length (${plen})`,
    );
  t.add(hb, F['tls.heartbeat_message.payload'], body + 3, shown, slice(b, body + 3, shown), {
    label: `Payload (${shown} byte${shown === 1 ? '' : 's'})`,
  });
  const padding = recLen - 3 - shown;
  if (padding > 0)
    t.add(hb, F['tls.heartbeat_message.padding'], body + 3 + shown, padding, slice(b, body + 3 + shown, padding), {
      label: `Padding and HMAC (${padding} byte${padding === 1 ? '' : 's'})`,
    });
}

function protocolName(s: TlsSession, recordVersion: number): string {
  return versionShortName(s.version || recordVersion) ?? 'TLS';
}

function tlsRoot(pkt: PacketContext, parent: FieldNode | null, o: number, len: number): FieldNode {
  // One "Transport Layer Security" item per dissection call, as Wireshark adds per tvb.
  const node = pkt.tree.add(parent, F.tls, o, len, undefined);
  // frame.protocols lists tls once per layer, as Wireshark does.
  pkt.protocols.push('tls');
  return node;
}

export const tlsStream: StreamProtocol = {
  name: 'tls',
  heuristic: (b, o, len) => looksLikeHello(b, o, len) || looksLikeSslv2(b, o, len),
  dissect: (b, offset, length, pkt, parent, info) => dissectTls(b, offset, length, pkt, parent, info),
};

function dissectTls(
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  info: StreamInfo,
): StreamResult {
  const s = tlsSession(info);
  const end = offset + length;
  let o = offset;
  // Like Wireshark, the protocol item exists as soon as TLS is handed data, even if it must wait for more.
  const root = tlsRoot(pkt, parent, offset, length);
  clearInfoOnce(pkt);
  while (o < end) {
    const avail = end - o;
    // Too short for a record header: wait for the next segment.
    if (avail < 5) return { consumed: o - offset, needMore: -1 };
    const knownV3 = s.version !== 0 && s.version !== 0x0002;
    if (knownV3 || looksLikeSslv3(b, o, avail)) {
      if (avail < 5) return { consumed: o - offset, needMore: -1 };
      const recLen = u16(b, o + 3);
      if (5 + recLen > avail) return { consumed: o - offset, needMore: 5 + recLen - avail };
      dissectRecord(b, o, recLen, pkt, root, s, info);
      checkRecordSecurity(b, o, recLen, pkt, root, s, info);
      o += 5 + recLen;
      continue;
    }
    if (looksLikeSslv2(b, o, avail)) {
      const need = dissectSslv2Record(b, o, avail, pkt, root, s);
      if (need > 0) return { consumed: o - offset, needMore: need };
      o += -need;
      continue;
    }
    appendInfo(pkt, ', ', 'Continuation Data');
    pkt.cols.protocol = versionShortName(s.version) ?? 'SSL';
    o = end;
  }
  return { consumed: o - offset, needMore: 0 };
}

function dissectRecord(
  b: Uint8Array,
  o: number,
  recLen: number,
  pkt: PacketContext,
  root: FieldNode,
  s: TlsSession,
  info: StreamInfo,
): void {
  const t = pkt.tree;
  const ct = u8(b, o);
  const version = u16(b, o + 1);
  const fromServer = isFromServer(s, info);
  const dir = info.direction;
  const body = o + 5;
  const rec = t.add(root, F['tls.record'], o, 5 + recLen, undefined);
  if (!contentTypes.has(ct) || ct === 25) {
    rec.label = `${protocolName(s, version)} Record Layer: Ignored Unknown Record`;
    t.add(rec, F['tls.record.content_type'], o, 1, ct);
    t.add(rec, F['tls.record.version'], o + 1, 2, version);
    t.add(rec, F['tls.record.length'], o + 3, 2, recLen);
    appendInfo(pkt, ', ', 'Ignored Unknown Record');
    pkt.cols.protocol = protocolName(s, version);
    return;
  }
  // TLS 1.3 protects the real content type: Wireshark shows application data records' type as "Opaque Type".
  const opaque = ct === CT_APPDATA && s.version !== 0 && versionShortName(s.version) === 'TLSv1.3';
  t.add(rec, opaque ? F['tls.record.opaque_type'] : F['tls.record.content_type'], o, 1, ct);
  t.add(rec, F['tls.record.version'], o + 1, 2, version);
  const lenNode = t.add(rec, F['tls.record.length'], o + 3, 2, recLen);
  if (recLen > MAX_RECORD) {
    t.add(lenNode, F['tls.record.length.invalid'], o + 3, 2, undefined, {
      label: `[Expert Info (Error/Malformed): Record length ${recLen} exceeds the maximum ${MAX_RECORD}]`,
    });
    pkt.notes.push({ severity: 'error', group: 'malformed', message: `TLS record length ${recLen} is too long` });
  }
  tlsRecordObserver()?.record({
    frame: pkt.number,
    stream: info.stream,
    srcPort: info.srcPort,
    fromServer,
    contentType: ct,
    length: recLen,
  });
  // With keys for this connection, protected records are dissected from their plaintext.
  if (ct !== CT_CCS && dissectProtectedRecord(b, o, recLen, pkt, rec, s, info, fromServer)) return;
  switch (ct) {
    case CT_CCS: {
      pkt.cols.protocol = protocolName(s, version);
      rec.label = `${protocolName(s, version)} Record Layer: Change Cipher Spec Protocol: Change Cipher Spec`;
      t.add(rec, F['tls.change_cipher_spec'], body, recLen, undefined);
      appendInfo(pkt, ', ', 'Change Cipher Spec');
      // In TLS 1.3 a ChangeCipherSpec only soothes middleboxes: it does not start encryption.
      if (versionShortName(s.version) !== 'TLSv1.3') {
        s.ccsFrame[dir] = pkt.number;
        onChangeCipherSpec(s, info);
      }
      break;
    }
    case CT_ALERT: {
      pkt.cols.protocol = protocolName(s, version);
      // Without keys, only a 2-byte alert can be plaintext.
      const encrypted = recLen !== 2;
      if (encrypted) {
        rec.label = `${protocolName(s, version)} Record Layer: Encrypted Alert`;
        t.add(rec, F['tls.alert_message'], body, recLen, undefined, { label: 'Alert Message: Encrypted Alert' });
        appendInfo(pkt, ', ', 'Encrypted Alert');
        break;
      }
      const level = u8(b, body);
      const desc = u8(b, body + 1);
      const levelName = alertLevels.get(level) ?? `Unknown (${level})`;
      const descName = alertDescriptions.get(desc) ?? `Unknown (${desc})`;
      rec.label = `${protocolName(s, version)} Record Layer: Alert (Level: ${levelName}, Description: ${descName})`;
      const am = t.add(rec, F['tls.alert_message'], body, 2, undefined);
      t.add(am, F['tls.alert_message.level'], body, 1, level);
      t.add(am, F['tls.alert_message.desc'], body + 1, 1, desc);
      appendInfo(pkt, ', ', `Alert (Level: ${levelName}, Description: ${descName})`);
      break;
    }
    case CT_HANDSHAKE: {
      pkt.cols.protocol = protocolName(s, version);
      dissectHandshakeRecord(b, body, recLen, pkt, rec, s, info, fromServer, version);
      break;
    }
    case CT_APPDATA: {
      pkt.cols.protocol = protocolName(s, version);
      // The carried protocol is only shown: it is looked up when its field or the record's label is kept.
      const labelled = t.labels || t.keeps('tls.record');
      const proto = labelled || t.keeps('tls.app_data_proto') ? appDataProtocol(s, info) : '';
      if (labelled)
        rec.label = `${protocolName(s, version)} Record Layer: Application Data Protocol: ${proto || 'Application Data'}`;
      // The record was checked to be whole: the bytes are only taken when the field is kept.
      t.add(rec, F['tls.app_data'], body, recLen, t.keeps('tls.app_data') ? slice(b, body, recLen) : undefined);
      if (proto) t.add(rec, F['tls.app_data_proto'], body, 0, proto, { generated: true });
      appendInfo(pkt, ', ', 'Application Data');
      break;
    }
    case CT_HEARTBEAT: {
      pkt.cols.protocol = protocolName(s, version);
      const encrypted = (s.ccsFrame[dir] !== 0 && pkt.number > s.ccsFrame[dir]) || recLen < 3;
      const hb = t.add(rec, F['tls.heartbeat_message'], body, recLen, undefined);
      if (encrypted) {
        rec.label = `${protocolName(s, version)} Record Layer: Encrypted Heartbeat`;
        hb.label = 'Encrypted Heartbeat Message';
        appendInfo(pkt, ', ', 'Encrypted Heartbeat');
        break;
      }
      const type = u8(b, body);
      const plen = u16(b, body + 1);
      const typeName = heartbeatMessageTypes.get(type) ?? 'Unknown';
      rec.label = `${protocolName(s, version)} Record Layer: Heartbeat ${typeName}`;
      dissectHeartbeat(b, body, recLen, plen, pkt, hb, type);
      appendInfo(pkt, ', ', `Heartbeat ${typeName}`);
      break;
    }
  }
}
