/** The frames of a decrypted QUIC packet payload (RFC 9000 §19): tree items and the Info column's frame list. */
import { appendInfo, type PacketContext } from '../context.ts';
import type { FieldNode } from '../tree.ts';
import { F, FRAME_TYPE_NAMES } from './fields.ts';
import { readVarint, varintLength } from './varint.ts';

const TRANSPORT_ERRORS: readonly string[] = [
  'NO_ERROR',
  'INTERNAL_ERROR',
  'CONNECTION_REFUSED',
  'FLOW_CONTROL_ERROR',
  'STREAM_LIMIT_ERROR',
  'STREAM_STATE_ERROR',
  'FINAL_SIZE_ERROR',
  'FRAME_ENCODING_ERROR',
  'TRANSPORT_PARAMETER_ERROR',
  'CONNECTION_ID_LIMIT_ERROR',
  'PROTOCOL_VIOLATION',
  'INVALID_TOKEN',
  'APPLICATION_ERROR',
  'CRYPTO_BUFFER_EXCEEDED',
  'KEY_UPDATE_ERROR',
  'AEAD_LIMIT_REACHED',
  'NO_VIABLE_PATH',
];

/** Called for each CRYPTO frame: its data is b[dataOffset, dataOffset + length) at stream offset `streamOffset`. */
export type CryptoHandler = (streamOffset: number, dataOffset: number, length: number, frame: FieldNode) => void;

/** A cursor over the payload: each read advances it, and -1 marks data that ran out. */
class Reader {
  constructor(
    readonly b: Uint8Array,
    public p: number,
    readonly end: number,
  ) {}

  varint(): number {
    const v = readVarint(this.b, this.p, this.end);
    if (v < 0) throw new FrameTruncated();
    this.p += varintLength(this.b[this.p]!);
    return v;
  }

  /** Adds a varint field and returns its value. */
  field(node: FieldNode, pkt: PacketContext, def: (typeof F)[keyof typeof F]): number {
    const at = this.p;
    const v = this.varint();
    pkt.tree.add(node, def, at, this.p - at, v);
    return v;
  }

  bytes(n: number): number {
    if (n < 0 || this.p + n > this.end) throw new FrameTruncated();
    const at = this.p;
    this.p += n;
    return at;
  }
}

class FrameTruncated extends Error {}

/**
 * Dissects the frames in b[o, end) under `parent`, appending each frame's short name to the Info column. A frame
 * that runs past the payload marks the packet malformed and ends the list.
 */
export function dissectFrames(
  b: Uint8Array,
  o: number,
  end: number,
  pkt: PacketContext,
  parent: FieldNode,
  onCrypto: CryptoHandler,
): void {
  const r = new Reader(b, o, end);
  while (r.p < end) {
    const start = r.p;
    const extent = frameEnd(b, start, end);
    const node = pkt.tree.add(parent, F['quic.frame'], start, (extent < 0 ? end : extent) - start, undefined);
    try {
      dissectFrame(r, pkt, node, onCrypto);
    } catch (e) {
      if (!(e instanceof FrameTruncated)) throw e;
      node.label = node.label || 'Frame';
      pkt.malformed = true;
      pkt.notes.push({ severity: 'error', group: 'malformed', message: 'QUIC frame runs past the packet payload' });
      return;
    }
  }
}

/** Where the frame at `p` ends (its layout only, nothing dissected), or -1 when it runs past `end`. */
export function frameEnd(b: Uint8Array, p: number, end: number): number {
  let at = p;
  /** Skips one varint and gives its value (-1: out of data). */
  const v = (): number => {
    const x = readVarint(b, at, end);
    if (x >= 0) at += varintLength(b[at]!);
    return x;
  };
  const skip = (n: number): number => (n < 0 || at + n > end ? -1 : (at += n));
  const varints = (n: number): number => {
    for (let i = 0; i < n; i++) if (v() < 0) return -1;
    return at;
  };
  const type = v();
  if (type < 0) return -1;
  switch (true) {
    case type === 0x00:
      while (at < end && b[at] === 0) at++;
      return at;
    case type === 0x01 || type === 0x1e:
      return at;
    case type === 0x02 || type === 0x03: {
      if (varints(2) < 0) return -1;
      const count = v();
      if (count < 0 || varints(1) < 0) return -1;
      for (let i = 0; i < count; i++) if (varints(2) < 0) return -1;
      return type === 0x03 ? varints(3) : at;
    }
    case type === 0x04:
      return varints(3);
    case type === 0x05 || type === 0x11 || type === 0x15:
      return varints(2);
    case type === 0x06:
      return varints(1) < 0 ? -1 : skip(v());
    case type === 0x07:
      return skip(v());
    case type >= 0x08 && type <= 0x0f:
      if (varints(type & 4 ? 2 : 1) < 0) return -1;
      return type & 2 ? skip(v()) : end;
    case type >= 0x10 && type <= 0x19 && type !== 0x18:
      return varints(1);
    case type === 0x18:
      if (varints(2) < 0 || at >= end) return -1;
      return skip(1 + b[at]! + 16);
    case type === 0x1a || type === 0x1b:
      return skip(8);
    case type === 0x1c || type === 0x1d:
      return varints(type === 0x1c ? 2 : 1) < 0 ? -1 : skip(v());
    case type === 0x31:
      return skip(v());
    default:
      return end;
  }
}

function dissectFrame(r: Reader, pkt: PacketContext, node: FieldNode, onCrypto: CryptoHandler): void {
  const t = pkt.tree;
  const b = r.b;
  const typeAt = r.p;
  const type = r.varint();
  const name = FRAME_TYPE_NAMES[type];
  t.add(node, F['quic.frame_type'], typeAt, r.p - typeAt, type, {
    label: `Frame Type: ${name ?? 'Unknown'} (0x${type.toString(16).padStart(16, '0')})`,
  });
  switch (true) {
    case type === 0x00: {
      let n = 1;
      while (r.p < r.end && b[r.p] === 0) {
        r.p++;
        n++;
      }
      node.label = `PADDING Length: ${n}`;
      t.add(node, F['quic.padding_length'], typeAt + 1, 0, n, { generated: true });
      appendInfo(pkt, ', ', 'PADDING');
      return;
    }
    case type === 0x01:
      node.label = 'PING';
      appendInfo(pkt, ', ', 'PING');
      return;
    case type === 0x02 || type === 0x03: {
      node.label = type === 0x02 ? 'ACK' : 'ACK_ECN';
      r.field(node, pkt, F['quic.ack.largest_acknowledged']);
      r.field(node, pkt, F['quic.ack.ack_delay']);
      const count = r.field(node, pkt, F['quic.ack.ack_range_count']);
      r.field(node, pkt, F['quic.ack.first_ack_range']);
      for (let i = 0; i < count; i++) {
        r.field(node, pkt, F['quic.ack.gap']);
        r.field(node, pkt, F['quic.ack.ack_range']);
      }
      if (type === 0x03) {
        r.field(node, pkt, F['quic.ack.ect0_count']);
        r.field(node, pkt, F['quic.ack.ect1_count']);
        r.field(node, pkt, F['quic.ack.ecn_ce_count']);
      }
      appendInfo(pkt, ', ', node.label);
      return;
    }
    case type === 0x04: {
      const id = r.field(node, pkt, F['quic.rsts.stream_id']);
      const err = r.field(node, pkt, F['quic.rsts.application_error_code']);
      r.field(node, pkt, F['quic.rsts.final_size']);
      node.label = `RESET_STREAM id=${id} Error code: 0x${err.toString(16)}`;
      appendInfo(pkt, ', ', `RS(${id})`);
      return;
    }
    case type === 0x05: {
      const id = r.field(node, pkt, F['quic.ss.stream_id']);
      const err = r.field(node, pkt, F['quic.ss.application_error_code']);
      node.label = `STOP_SENDING id=${id} Error code: 0x${err.toString(16)}`;
      appendInfo(pkt, ', ', `SS(${id})`);
      return;
    }
    case type === 0x06: {
      node.label = 'CRYPTO';
      const off = r.field(node, pkt, F['quic.crypto.offset']);
      const len = r.field(node, pkt, F['quic.crypto.length']);
      const at = r.bytes(len);
      t.add(node, F['quic.crypto.crypto_data'], at, len, undefined);
      appendInfo(pkt, ', ', 'CRYPTO');
      onCrypto(off, at, len, node);
      return;
    }
    case type === 0x07: {
      node.label = 'NEW_TOKEN';
      const len = r.field(node, pkt, F['quic.nt.length']);
      const at = r.bytes(len);
      t.add(node, F['quic.nt.token'], at, len, b.slice(at, at + len));
      appendInfo(pkt, ', ', 'NT');
      return;
    }
    case type >= 0x08 && type <= 0x0f: {
      t.add(node, F['quic.stream.fin'], typeAt, 1, (type & 1) !== 0);
      t.add(node, F['quic.stream.len'], typeAt, 1, (type & 2) !== 0);
      t.add(node, F['quic.stream.off'], typeAt, 1, (type & 4) !== 0);
      const idAt = r.p;
      const id = r.field(node, pkt, F['quic.stream.stream_id']);
      t.add(node, F['quic.stream.initiator'], idAt, r.p - idAt, id % 2);
      t.add(node, F['quic.stream.direction'], idAt, r.p - idAt, Math.floor(id / 2) % 2);
      const off = type & 4 ? r.field(node, pkt, F['quic.stream.offset']) : 0;
      const len = type & 2 ? r.field(node, pkt, F['quic.stream.length']) : r.end - r.p;
      const at = r.bytes(len);
      t.add(node, F['quic.stream_data'], at, len, b.slice(at, at + len));
      const dir = Math.floor(id / 2) % 2 ? 'Unidirectional' : 'Bidirectional';
      const origin = id % 2 ? 'Server-initiated' : 'Client-initiated';
      node.label = `STREAM id=${id} fin=${type & 1} off=${off} len=${len} dir=${dir} origin=${origin}`;
      appendInfo(pkt, ', ', `STREAM(${id})`);
      return;
    }
    case type === 0x10:
      r.field(node, pkt, F['quic.md.maximum_data']);
      return named(pkt, node, name!, 'MD');
    case type === 0x11: {
      const id = r.field(node, pkt, F['quic.msd.stream_id']);
      r.field(node, pkt, F['quic.msd.maximum_stream_data']);
      return named(pkt, node, name!, `MSD(${id})`);
    }
    case type === 0x12 || type === 0x13:
      r.field(node, pkt, F['quic.ms.max_streams']);
      return named(pkt, node, name!, 'MS');
    case type === 0x14:
      r.field(node, pkt, F['quic.sb.stream_data_limit']);
      return named(pkt, node, name!, 'DB');
    case type === 0x15: {
      const id = r.field(node, pkt, F['quic.sdb.stream_id']);
      r.field(node, pkt, F['quic.sb.stream_data_limit']);
      return named(pkt, node, name!, `SDB(${id})`);
    }
    case type === 0x16 || type === 0x17:
      r.field(node, pkt, F['quic.sib.stream_limit']);
      return named(pkt, node, name!, 'SB');
    case type === 0x18: {
      r.field(node, pkt, F['quic.nci.sequence']);
      r.field(node, pkt, F['quic.nci.retire_prior_to']);
      const lenAt = r.bytes(1);
      const cl = b[lenAt]!;
      t.add(node, F['quic.nci.connection_id.length'], lenAt, 1, cl);
      const cid = r.bytes(cl);
      t.add(node, F['quic.nci.connection_id'], cid, cl, b.slice(cid, cid + cl));
      const tok = r.bytes(16);
      t.add(node, F['quic.nci.stateless_reset_token'], tok, 16, b.slice(tok, tok + 16));
      return named(pkt, node, name!, 'NCI');
    }
    case type === 0x19:
      r.field(node, pkt, F['quic.rci.sequence']);
      return named(pkt, node, name!, 'RC');
    case type === 0x1a || type === 0x1b: {
      const at = r.bytes(8);
      const def = type === 0x1a ? F['quic.path_challenge.data'] : F['quic.path_response.data'];
      t.add(node, def, at, 8, b.slice(at, at + 8));
      return named(pkt, node, name!, type === 0x1a ? 'PC' : 'PR');
    }
    case type === 0x1c || type === 0x1d: {
      const codeAt = r.p;
      const code = r.varint();
      let codeName: string;
      if (type === 0x1c) {
        codeName = TRANSPORT_ERRORS[code] ?? (code >= 0x100 && code <= 0x1ff ? 'CRYPTO_ERROR' : 'Unknown');
        t.add(node, F['quic.cc.error_code'], codeAt, r.p - codeAt, code, {
          label: `Error code: ${codeName} (${code})`,
        });
        r.field(node, pkt, F['quic.cc.frame_type']);
      } else {
        codeName = `0x${code.toString(16)}`;
        t.add(node, F['quic.cc.error_code.app'], codeAt, r.p - codeAt, code);
      }
      const rl = r.field(node, pkt, F['quic.cc.reason_phrase.length']);
      const at = r.bytes(rl);
      t.add(node, F['quic.cc.reason_phrase'], at, rl, new TextDecoder().decode(b.subarray(at, at + rl)));
      node.label = `${name!} Error code: ${codeName}`;
      appendInfo(pkt, ', ', 'CC');
      return;
    }
    case type === 0x1e:
      return named(pkt, node, name!, 'DONE');
    case type === 0x30 || type === 0x31: {
      const len = type === 0x31 ? r.field(node, pkt, F['quic.dg.length']) : r.end - r.p;
      const at = r.bytes(len);
      t.add(node, F['quic.dg'], at, len, b.slice(at, at + len));
      return named(pkt, node, name!, 'DG');
    }
    default:
      // An unknown frame type leaves the rest of the payload undecodable.
      node.label = `Unknown Frame Type`;
      r.p = r.end;
      pkt.notes.push({
        severity: 'warn',
        group: 'undecoded',
        message: `Unknown QUIC frame type 0x${type.toString(16)}`,
      });
  }
}

function named(pkt: PacketContext, node: FieldNode, label: string, info: string): void {
  node.label = label;
  appendInfo(pkt, ', ', info);
}
