/** A synthetic TLS 1.2 connection through the whole pipeline: columns, fields, reassembly and per-conversation replay. */
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../shared/capture/source.ts';
import { openCapture } from '../shared/capture/reader.ts';
import { emptyRecord, type PacketRecord } from '../shared/capture/record.ts';
import { Dissection, type DissectedPacket } from '../shared/dissect/packet.ts';
import { findAll } from '../shared/dissect/tree.ts';
import { oneConnection, pcapOf } from './synthetic.ts';

function dissectAll(file: Uint8Array): { packets: DissectedPacket[]; records: PacketRecord[]; bytes: Uint8Array[] } {
  const opened = openCapture(new BufferSource(file));
  if (!opened.ok) throw new Error(opened.problem.message);
  const d = new Dissection();
  const packets: DissectedPacket[] = [];
  const records: PacketRecord[] = [];
  const bytes: Uint8Array[] = [];
  const rec = emptyRecord();
  let n = 0;
  while (opened.reader.next(rec)) {
    const b = file.slice(rec.dataOffset, rec.dataOffset + rec.caplen);
    packets.push(d.dissect(++n, rec, b));
    records.push({ ...rec });
    bytes.push(b);
  }
  return { packets, records, bytes };
}

const values = (p: DissectedPacket, name: string): unknown[] => findAll(p.tree, name).map((n) => n.value);

describe('a TLS 1.2 connection', () => {
  const { packets, records, bytes } = dissectAll(pcapOf(oneConnection()));
  const infos = packets.map((p) => `${p.cols.protocol} ${p.cols.info}`);

  it('shows the handshake as Wireshark does', () => {
    expect(infos[0]).toBe('TCP 50000 → 443 [SYN] Seq=0 Win=65535 Len=0 MSS=1460');
    expect(infos[1]).toBe('TCP 443 → 50000 [SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0 MSS=1460');
    expect(infos[3]).toBe('TLSv1 Client Hello');
    expect(infos).toContain('TCP [TCP segment of a reassembled PDU]');
    expect(infos).toContain('TLSv1.2 Server Hello, Certificate, Server Key Exchange, Server Hello Done');
    expect(infos).toContain('TLSv1.2 Client Key Exchange, Change Cipher Spec, Encrypted Handshake Message');
    expect(infos).toContain('TLSv1.2 Change Cipher Spec, Encrypted Handshake Message');
    expect(infos.filter((i) => i === 'TLSv1.2 Application Data')).toHaveLength(4);
    expect(infos).toContain('TLSv1.2 Encrypted Alert');
  });

  it('gives arrival times as tshark prints them in UTC', () => {
    expect(values(packets[0]!, 'frame.time')).toEqual(['Nov 14, 2023 22:13:20.000000000 UTC']);
    expect(values(packets[3]!, 'frame.time')).toEqual(['Nov 14, 2023 22:13:20.000450000 UTC']);
    expect(values(packets[0]!, 'tcp.window_size_scalefactor')).toEqual([]);
  });

  it('decodes the ClientHello fields', () => {
    const hello = packets[3]!;
    expect(values(hello, 'tls.handshake.extensions_server_name')).toEqual(['host1.example']);
    expect(values(hello, 'tls.handshake.ciphersuite')).toEqual([0xc02f, 0xc030, 0x009c, 0x002f]);
    expect(values(hello, 'tls.record.version')).toEqual([0x0301]);
    const suite = findAll(hello.tree, 'tls.handshake.ciphersuite')[0]!;
    expect(suite.label).toBe('Cipher Suite: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f)');
    // The SNI node's bytes are the host name in the frame.
    const sni = findAll(hello.tree, 'tls.handshake.extensions_server_name')[0]!;
    expect(new TextDecoder().decode(bytes[3]!.subarray(sni.offset, sni.offset + sni.length))).toBe('host1.example');
  });

  it('dissects the reassembled server flight from its own data source', () => {
    const flight = packets.find((p) => p.cols.info.startsWith('Server Hello'))!;
    expect(flight.tree.sources.length).toBeGreaterThan(0);
    expect(values(flight, 'tls.handshake.type')).toEqual([2, 11, 12, 14]);
    const cert = findAll(flight.tree, 'tls.handshake.certificate')[0]!;
    expect(cert.source).toBeGreaterThan(0);
    expect(cert.length).toBe(3000);
  });

  it('re-dissects a packet from its conversation alone with the same result', () => {
    const target = packets.findIndex((p) => p.cols.info === 'Encrypted Alert');
    const conv = packets[target]!.conversation;
    const replay = new Dissection({
      firstSec: records[0]!.tsSec,
      firstNsec: records[0]!.tsNsec,
      tcpStream: packets[target]!.stream,
    });
    let again: DissectedPacket | undefined;
    for (let i = 0; i <= target; i++) {
      if (packets[i]!.conversation !== conv) continue;
      again = replay.dissect(i + 1, records[i]!, bytes[i]!);
    }
    expect(again!.cols).toEqual(packets[target]!.cols);
    expect(again!.tree.roots.map((r) => r.label)).toEqual(packets[target]!.tree.roots.map((r) => r.label));
  });
});
