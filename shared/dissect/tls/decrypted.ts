/**
 * Records the installed keys decrypt: their plaintext becomes a "Decrypted TLS" data source, handshake messages and
 * alerts are dissected as if they had been sent in the clear, and application data goes to the protocol the
 * connection carries (HTTP/1.x, HTTP/2) through TLS-level reassembly, as Wireshark does.
 */
import { slice, u8 } from '../../bytes.ts';
import { appendInfo, type PacketContext } from '../context.ts';
import { dataDissector } from '../data.ts';
import { httpStream } from '../http.ts';
import { http2Stream } from '../http2.ts';
import type { StreamInfo, StreamProtocol } from '../stream.ts';
import type { FieldNode } from '../tree.ts';
import { decryptRecord, decryptState, wantsDecryption, type DecryptState } from './decrypt.ts';
import { F, versionShortName } from './fields.ts';
import { tlsRecordObserver } from './observer.ts';
import { dissectHandshakeRecord } from './handshake.ts';
import type { TlsSession } from './session.ts';
import { alertDescriptions, alertLevels } from './tables.ts';
import { declareFields } from '../fields.ts';

const FD = declareFields({
  'tls.segment': { name: 'TLS segment', type: 'framenum' },
  'tls.segments': { name: 'Reassembled TLS segments', type: 'none' },
  'tls.segment.count': { name: 'Segment count', type: 'uint32' },
  'tls.reassembled.length': { name: 'Reassembled TLS length', type: 'uint32' },
  'tls.segment.data': { name: 'TLS segment data', type: 'bytes' },
  'tls.decrypt_failed': { name: 'Decryption failed', type: 'string' },
});

const SEGMENT_NOTE = '[TLS segment of a reassembled PDU]';

/** TCP ports whose TLS application data Wireshark 4.0 hands to HTTP (http.tls.port). */
const HTTP_TLS_PORTS: ReadonlySet<number> = new Set([443]);

/** The protocol that reads this connection's application data, as Wireshark picks it (ALPN first, then port). */
function appProtocol(s: TlsSession, info: StreamInfo): { proto: StreamProtocol; label: string } | undefined {
  if (s.alpn === 'h2') return { proto: http2Stream, label: 'HyperText Transfer Protocol 2' };
  if (s.alpn === 'http/1.1' || s.alpn === 'http/1.0')
    return { proto: httpStream, label: 'Hypertext Transfer Protocol' };
  const server = s.serverDirection === info.direction ? info.srcPort : info.dstPort;
  if (HTTP_TLS_PORTS.has(server)) return { proto: httpStream, label: 'Hypertext Transfer Protocol' };
  return undefined;
}

/** Frames whose Protocol column a TLS segment note has fixed (later PDUs in the frame keep it). */
const protocolLocks = new WeakMap<PacketContext, string>();

/**
 * Tries to decrypt the record at `o` (header included). Returns false when the record is not protected by keys we
 * hold, leaving the caller to show it as ciphertext; true when it was dissected from its plaintext.
 */
export function dissectProtectedRecord(
  b: Uint8Array,
  o: number,
  recLen: number,
  pkt: PacketContext,
  rec: FieldNode,
  s: TlsSession,
  info: StreamInfo,
  fromServer: boolean,
): boolean {
  const ct = u8(b, o);
  if (!wantsDecryption(s, info, ct)) return false;
  const t = pkt.tree;
  const r = decryptRecord(s, info, b.subarray(o, o + 5), b.subarray(o + 5, o + 5 + recLen));
  if (!r.ok) {
    tlsRecordObserver()?.failed(r.reason);
    t.add(rec, FD['tls.decrypt_failed'], o + 5, recLen, r.reason, {
      generated: true,
      label: `[Decryption failed: ${r.reason}]`,
    });
    pkt.notes.push({ severity: 'warn', group: 'undecoded', message: `TLS decryption failed: ${r.reason}` });
    return false;
  }
  tlsRecordObserver()?.decrypted(r.type, r.plain);
  const st = decryptState(info);
  const version = s.version || u8(b, o + 1) * 256 + u8(b, o + 2);
  const name = versionShortName(version) ?? 'TLS';
  const tls13 = name === 'TLSv1.3';
  if (tls13) t.add(rec, F['tls.record.content_type'], o, 1, r.type, { generated: true });
  pkt.cols.protocol = name;
  const outer = t.source;
  switch (r.type) {
    case 22: {
      const src = t.addSource(`Decrypted TLS (${r.plain.length} bytes)`, r.plain);
      const ccs = s.ccsFrame[info.direction];
      s.ccsFrame[info.direction] = 0;
      t.source = src;
      try {
        dissectHandshakeRecord(r.plain, 0, r.plain.length, pkt, rec, s, info, fromServer, version);
      } finally {
        t.source = outer;
        s.ccsFrame[info.direction] = ccs;
      }
      return true;
    }
    case 21: {
      const src = t.addSource(`Decrypted TLS (${r.plain.length} bytes)`, r.plain);
      t.source = src;
      try {
        dissectAlert(r.plain, pkt, rec, name);
      } finally {
        t.source = outer;
      }
      return true;
    }
    case 23: {
      const app = appProtocol(s, info);
      rec.label = `${name} Record Layer: Application Data Protocol: ${app?.label ?? 'Application Data'}`;
      t.add(rec, F['tls.app_data'], o + 5, recLen, slice(b, o + 5, recLen));
      if (app) t.add(rec, F['tls.app_data_proto'], o + 5, 0, app.label, { generated: true });
      if (!r.plain.length) {
        appendInfo(pkt, ', ', 'Application Data');
        return true;
      }
      const src = t.addSource(`Decrypted TLS (${r.plain.length} bytes)`, r.plain);
      t.source = src;
      try {
        if (app) deliverAppData(r.plain, pkt, rec, s, info, st, app.proto);
        else {
          appendInfo(pkt, ', ', 'Application Data');
          dataDissector(r.plain, 0, r.plain.length, pkt, null);
        }
      } finally {
        t.source = outer;
      }
      return true;
    }
    default: {
      rec.label = `${name} Record Layer: Content Type ${r.type}`;
      const src = t.addSource(`Decrypted TLS (${r.plain.length} bytes)`, r.plain);
      t.source = src;
      try {
        dataDissector(r.plain, 0, r.plain.length, pkt, rec);
      } finally {
        t.source = outer;
      }
      return true;
    }
  }
}

function dissectAlert(p: Uint8Array, pkt: PacketContext, rec: FieldNode, name: string): void {
  const t = pkt.tree;
  if (p.length < 2) {
    rec.label = `${name} Record Layer: Alert`;
    t.add(rec, F['tls.alert_message'], 0, p.length, undefined);
    appendInfo(pkt, ', ', 'Alert');
    return;
  }
  const level = u8(p, 0);
  const desc = u8(p, 1);
  const levelName = alertLevels.get(level) ?? `Unknown (${level})`;
  const descName = alertDescriptions.get(desc) ?? `Unknown (${desc})`;
  rec.label = `${name} Record Layer: Alert (Level: ${levelName}, Description: ${descName})`;
  const am = t.add(rec, F['tls.alert_message'], 0, 2, undefined);
  t.add(am, F['tls.alert_message.level'], 0, 1, level);
  t.add(am, F['tls.alert_message.desc'], 1, 1, desc);
  appendInfo(pkt, ', ', `Alert (Level: ${levelName}, Description: ${descName})`);
}

interface AppReassembly {
  pending: Uint8Array[];
  pendingLen: number;
  frames: [number, number][];
  /** Total bytes the pending PDU needs, or -1 for "at least one more record". */
  need: number;
}

function appReassembly(st: DecryptState, dir: 0 | 1): AppReassembly {
  let a = st.app[dir] as AppReassembly | undefined;
  if (!a) st.app[dir] = a = { pending: [], pendingLen: 0, frames: [], need: 0 };
  return a;
}

function joined(a: AppReassembly): Uint8Array {
  const out = new Uint8Array(a.pendingLen);
  let o = 0;
  for (const p of a.pending) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Hands decrypted application data to its protocol. A PDU that continues in later records is kept and dissected,
 * from a "Reassembled TLS" data source, in the record that completes it; records that only carry part of one say
 * so in Info, and fix the Protocol column for the rest of the frame, as in Wireshark.
 */
function deliverAppData(
  plain: Uint8Array,
  pkt: PacketContext,
  rec: FieldNode,
  s: TlsSession,
  info: StreamInfo,
  st: DecryptState,
  proto: StreamProtocol,
): void {
  const t = pkt.tree;
  const a = appReassembly(st, info.direction);
  const appInfo: StreamInfo = {
    stream: info.stream,
    direction: info.direction,
    srcPort: info.srcPort,
    dstPort: info.dstPort,
    convState: st.appState,
  };
  const versionName = versionShortName(s.version) ?? 'TLS';
  const run = (buf: Uint8Array, off: number, len: number) => {
    // Each PDU replaces the Info column (up to its fence), as HTTP does with col_add_str.
    pkt.infoCleared = false;
    const r = proto.dissect(buf, off, len, pkt, null, appInfo);
    const lock = protocolLocks.get(pkt);
    if (lock) pkt.cols.protocol = lock;
    return r;
  };
  const markSegment = () => {
    pkt.cols.protocol = versionName;
    pkt.cols.info = pkt.fence + SEGMENT_NOTE;
    pkt.fence = pkt.cols.info;
    pkt.infoCleared = true;
    protocolLocks.set(pkt, versionName);
  };
  let off = 0;
  let len = plain.length;
  let dissected = false;
  if (a.pendingLen > 0) {
    const take = a.need > 0 ? Math.min(len, a.need - a.pendingLen) : len;
    a.pending.push(plain.slice(0, take));
    a.pendingLen += take;
    a.frames.push([pkt.number, take]);
    t.add(rec, FD['tls.segment.data'], 0, take, slice(plain, 0, take), {
      label: `TLS segment data (${take} byte${take === 1 ? '' : 's'})`,
    });
    if (a.need > 0 && a.pendingLen < a.need) {
      markSegment();
      return;
    }
    const whole = joined(a);
    const frames = a.frames;
    a.pending = [];
    a.pendingLen = 0;
    a.frames = [];
    a.need = 0;
    const prev = t.source;
    const src = t.addSource(`Reassembled TLS (${whole.length} bytes)`, whole);
    t.source = src;
    const segs = t.add(null, FD['tls.segments'], 0, whole.length, undefined, {
      label: `[${frames.length} Reassembled TLS segments (${whole.length} bytes): ${frames.map(([n, l]) => `#${n}(${l})`).join(', ')}]`,
    });
    for (const [n, l] of frames)
      t.add(segs, FD['tls.segment'], 0, 0, n, { label: `[Frame: ${n}, payload: ${l} bytes]` });
    t.add(segs, FD['tls.segment.count'], 0, 0, frames.length, { generated: true });
    t.add(segs, FD['tls.reassembled.length'], 0, 0, whole.length, { generated: true });
    let r;
    try {
      r = run(whole, 0, whole.length);
    } finally {
      t.source = prev;
    }
    dissected = r.consumed > 0;
    if (r.consumed < whole.length) {
      a.pending = [whole.slice(r.consumed)];
      a.pendingLen = whole.length - r.consumed;
      a.frames = [[pkt.number, a.pendingLen]];
      a.need = r.needMore > 0 ? a.pendingLen + r.needMore : -1;
      if (take < len) {
        const rest = plain.slice(take);
        a.pending.push(rest);
        a.pendingLen += rest.length;
      }
      if (!dissected) markSegment();
      return;
    }
    off = take;
    len -= take;
    if (len <= 0) return;
  }
  const r = run(plain, off, len);
  // Data the protocol swallowed without showing anything (HTTP before its first message): the record keeps TLS's
  // "Application Data" in Info, as in Wireshark.
  if (!pkt.infoCleared && r.needMore === 0 && !dissected) appendInfo(pkt, ', ', 'Application Data');
  if (r.consumed >= len || (r.consumed === 0 && r.needMore === 0)) return;
  const rest = plain.slice(off + r.consumed, off + len);
  a.pending = [rest];
  a.pendingLen = rest.length;
  a.frames = [[pkt.number, rest.length]];
  a.need = r.needMore > 0 ? rest.length + r.needMore : -1;
  t.add(rec, FD['tls.segment.data'], off + r.consumed, rest.length, rest, {
    label: `TLS segment data (${rest.length} byte${rest.length === 1 ? '' : 's'})`,
  });
  if (r.consumed === 0 && !dissected) markSegment();
}
