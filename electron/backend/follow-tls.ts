/**
 * Follow TLS Stream: the records of one TCP connection in order, each with its side, and the decrypted
 * application data when keys opened it (otherwise record type and length), as Wireshark's Follow → TLS Stream.
 * The connection is dissected again from its first packet with a record observer installed.
 */
import { emptyRecord } from '../../shared/capture/record.ts';
import { Dissection, type DissectedPacket } from '../../shared/dissect/packet.ts';
import { setTlsRecordObserver, type TlsRecordSeen } from '../../shared/dissect/tls/observer.ts';
import type { FollowTlsRecord, FollowTlsStream } from '../../shared/protocol/tls.ts';
import type { CaptureIndex } from './capture-index.ts';
import { ports, toHex } from './packet-view.ts';

const APPLICATION_DATA = 23;
/** The most records, and decrypted bytes, one answer carries (the records past either are counted in `truncated`). */
export const MAX_FOLLOW_RECORDS = 20000;
export const MAX_FOLLOW_BYTES = 8 * 1024 * 1024;

function endpoint(p: DissectedPacket, side: 'src' | 'dst'): string {
  const pr = ports(p);
  const addr = p.cols[side];
  const port = side === 'src' ? pr.src : pr.dst;
  if (port < 0) return addr;
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}

/** The TLS records of the TCP connection that packet `number` (1-based) belongs to. */
export function followTlsStream(
  core: CaptureIndex,
  number: number,
  maxRecords = MAX_FOLLOW_RECORDS,
  maxBytes = MAX_FOLLOW_BYTES,
): FollowTlsStream {
  const x = core.index;
  const i = number - 1;
  if (!Number.isInteger(i) || i < 0 || i >= x.count) throw new Error(`There is no packet ${number}.`);
  const conv = x.conversation.data[i]!;
  const key = conv >= 0 ? x.conversations.get(conv) : '';
  if (conv < 0 || !key.startsWith('tcp')) throw new Error(`Packet ${number} is not part of a TCP connection.`);
  const stream = x.stream.data[i]!;
  const records: FollowTlsRecord[] = [];
  let truncated = 0;
  let current: FollowTlsRecord | undefined;
  let client = '';
  let server = '';
  let clientBytes = 0;
  let serverBytes = 0;
  const observer = {
    record(r: TlsRecordSeen): void {
      current = undefined;
      if (r.stream !== stream) return;
      if (records.length >= maxRecords || clientBytes + serverBytes >= maxBytes) {
        truncated++;
        return;
      }
      current = {
        frame: r.frame,
        fromServer: r.fromServer,
        contentType: r.contentType,
        length: r.length,
        decrypted: false,
        hex: '',
      };
      records.push(current);
    },
    decrypted(contentType: number, plain: Uint8Array): void {
      if (!current) return;
      current.decrypted = true;
      if (contentType !== current.contentType) current.innerType = contentType;
      if (contentType !== APPLICATION_DATA) return;
      current.hex = toHex(plain);
      if (current.fromServer) serverBytes += plain.length;
      else clientBytes += plain.length;
    },
    failed(reason: string): void {
      if (current) current.failure = reason;
    },
  };
  const firstSec = x.tsSec.data[0]!;
  const firstNsec = x.tsNsec.data[0]!;
  const d = new Dissection({ firstSec, firstNsec, tcpStream: stream });
  const rec = emptyRecord();
  const previous = setTlsRecordObserver(observer);
  try {
    const convs = x.conversation.data;
    for (let j = 0; j < x.count; j++) {
      if (convs[j] !== conv) continue;
      const bytes = core.readRecord(j, rec);
      if (j > 0) d.setPrevious(x.tsSec.data[j - 1]!, x.tsNsec.data[j - 1]!);
      const before = records.length;
      const p = d.dissect(j + 1, rec, bytes);
      // The sides, from the first record each sends.
      for (let k = before; k < records.length; k++) {
        const r = records[k]!;
        if (r.fromServer && !server) [server, client] = [endpoint(p, 'src'), client || endpoint(p, 'dst')];
        if (!r.fromServer && !client) [client, server] = [endpoint(p, 'src'), server || endpoint(p, 'dst')];
      }
    }
  } finally {
    setTlsRecordObserver(previous);
  }
  return { stream, client, server, records, clientBytes, serverBytes, truncated };
}
