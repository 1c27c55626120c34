/**
 * tshark's `-z follow,tls,MODE,STREAM` (MODE ascii, hex or raw; STREAM a tcp.stream index): after the packets, the
 * decrypted application data of one TLS connection, one chunk per record, the second side's chunks indented with a
 * tab, in tshark 4.0's layout. Like tshark 4.0, "Node 0" is the sender of the connection's first decrypted record
 * (of any type) and "Node 1" is printed as ":0".
 */
import type { DissectedPacket } from '../../shared/dissect/packet.ts';
import { followAscii, followHexDump, followRaw } from '../../shared/follow/text.ts';
import type { TlsRecordObserver, TlsRecordSeen } from '../../shared/dissect/tls/observer.ts';

export type FollowMode = 'ascii' | 'hex' | 'raw';

export interface FollowSpec {
  mode: FollowMode;
  stream: number;
}

const APPLICATION_DATA = 23;
const RULE = '='.repeat(67);

/** Parses the value of `-z`; undefined when it is not a TLS follow request this CLI knows. */
export function parseFollowSpec(z: string): FollowSpec | { error: string } | undefined {
  const parts = z.split(',');
  if (parts[0] !== 'follow') return undefined;
  if (parts[1] !== 'tls' && parts[1] !== 'ssl') return { error: `follow: only tls streams can be followed ("${z}")` };
  const mode = parts[2];
  if (mode !== 'ascii' && mode !== 'hex' && mode !== 'raw')
    return { error: `follow: invalid mode "${mode ?? ''}"; use ascii, hex or raw` };
  const stream = Number(parts[3]);
  if (parts.length !== 4 || !Number.isInteger(stream) || stream < 0)
    return { error: `follow: give the TCP stream index, as in follow,tls,${mode},0` };
  return { mode, stream };
}

interface Chunk {
  /** Sent by Node 0. */
  first: boolean;
  data: Uint8Array;
}

/** Collects one connection's decrypted records while the CLI dissects the capture in order. */
export class TlsFollowCollector implements TlsRecordObserver {
  private readonly chunks: Chunk[] = [];
  private current: TlsRecordSeen | undefined;
  /** Which side Node 0 is (fromServer of its first decrypted record), and its address once the packet is done. */
  private node0Side: boolean | undefined;
  private node0 = '';
  /** Node 0's port, until its packet is done and the address is known. */
  private pendingNode0: number | undefined;

  constructor(readonly spec: FollowSpec) {}

  record(r: TlsRecordSeen): void {
    this.current = r.stream === this.spec.stream ? r : undefined;
  }

  decrypted(contentType: number, plain: Uint8Array): void {
    const r = this.current;
    if (!r) return;
    if (this.node0Side === undefined) {
      this.node0Side = r.fromServer;
      this.pendingNode0 = r.srcPort;
    }
    if (contentType === APPLICATION_DATA && plain.length)
      this.chunks.push({ first: r.fromServer === this.node0Side, data: plain.slice() });
  }

  failed(): void {
    this.current = undefined;
  }

  /** After each packet: Node 0's address comes from the packet that carried its first decrypted record. */
  packetDone(p: DissectedPacket): void {
    const port = this.pendingNode0;
    if (port === undefined) return;
    this.pendingNode0 = undefined;
    const addr = p.cols.src;
    this.node0 = addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
  }

  format(): string {
    const { mode, stream } = this.spec;
    let out = `\n${RULE}\nFollow: tls,${mode}\nFilter: tcp.stream eq ${stream}\nNode 0: ${this.node0 || ':0'}\nNode 1: :0\n`;
    const offsets = [0, 0];
    for (const c of this.chunks) {
      const indent = c.first ? '' : '\t';
      if (mode === 'ascii') out += `${indent}${c.data.length}\n${followAscii(c.data, true)}\n`;
      else if (mode === 'raw') out += `${indent}${followRaw(c.data)}\n`;
      else {
        const side = c.first ? 0 : 1;
        out += followHexDump(c.data, offsets[side]!, indent);
        offsets[side]! += c.data.length;
      }
    }
    return out + `${RULE}\n`;
  }
}
