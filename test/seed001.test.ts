/** Seed 001's TLS 1.0 handshake over BSD loopback (DLT_NULL), from the article's hex dumps. */
import { describe, expect, it } from 'vitest';
import { ipv4, tcpFrame, type Endpoint } from '../shared/capture/synth.ts';
import { PcapWriter } from '../shared/capture/writer.ts';
import { BufferSource } from '../shared/capture/source.ts';
import { openCapture } from '../shared/capture/reader.ts';
import { emptyRecord } from '../shared/capture/record.ts';
import { Dissection, type DissectedPacket } from '../shared/dissect/packet.ts';
import { findAll } from '../shared/dissect/tree.ts';
import { fieldsLine } from '../electron/cli/output.ts';
import { CLIENT_HELLO_FRAME, ENCRYPTED_ALERT_RECORD, SERVER_HELLO_RECORD } from './fixtures/seed001.ts';

const hexToBytes = (h: string): Uint8Array => Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
const mac = new Uint8Array(6);
const client: Endpoint = { mac, ip: ipv4(127, 0, 0, 1), port: 60454 };
const server: Endpoint = { mac, ip: ipv4(127, 0, 0, 1), port: 443 };

/** A loopback frame: the 4-byte AF_INET family header in host (little-endian) order, then IPv4. */
function loopback(ethernetFrame: Uint8Array): Uint8Array {
  const f = new Uint8Array(4 + ethernetFrame.length - 14);
  f.set([2, 0, 0, 0], 0);
  f.set(ethernetFrame.subarray(14), 4);
  return f;
}

function capture(): DissectedPacket[] {
  const w = new PcapWriter({ linkType: 0 });
  const clientSeq = 0x437cee74;
  const serverSeq = 0x60b5500a;
  w.add({ tsSec: 1419422578, tsNsec: 0, data: hexToBytes(CLIENT_HELLO_FRAME) });
  const sh = hexToBytes(SERVER_HELLO_RECORD);
  w.add({
    tsSec: 1419422578,
    tsNsec: 1_000_000,
    data: loopback(
      tcpFrame({ src: server, dst: client, seq: serverSeq, ack: clientSeq + 100, flags: 0x18, payload: sh }),
    ),
  });
  w.add({
    tsSec: 1419422579,
    tsNsec: 0,
    data: loopback(
      tcpFrame({
        src: client,
        dst: server,
        seq: clientSeq + 100,
        ack: serverSeq + sh.length,
        flags: 0x18,
        payload: hexToBytes(ENCRYPTED_ALERT_RECORD),
      }),
    ),
  });
  const file = w.bytes();
  const opened = openCapture(new BufferSource(file));
  if (!opened.ok) throw new Error(opened.problem.message);
  const d = new Dissection();
  const out: DissectedPacket[] = [];
  const rec = emptyRecord();
  while (opened.reader.next(rec))
    out.push(d.dissect(out.length + 1, rec, file.slice(rec.dataOffset, rec.dataOffset + rec.caplen)));
  return out;
}

describe('seed 001: TLS 1.0 over BSD loopback', () => {
  const [ch, sh, alert] = capture();

  it('decodes the loopback family and the ClientHello', () => {
    expect(findAll(ch!.tree, 'null.family')[0]!.label).toBe('Family: IP (2)');
    expect(ch!.cols).toEqual({ protocol: 'TLSv1', info: 'Client Hello', src: '127.0.0.1', dst: '127.0.0.1' });
    expect(findAll(ch!.tree, 'tls.record.length')[0]!.value).toBe(95);
    expect(findAll(ch!.tree, 'tls.handshake.length')[0]!.value).toBe(91);
    expect(findAll(ch!.tree, 'tls.handshake.ciphersuite')).toHaveLength(23);
    expect(findAll(ch!.tree, 'tls.handshake.ciphersuite')[0]!.label).toBe(
      'Cipher Suite: TLS_DHE_RSA_WITH_AES_256_CBC_SHA (0x0039)',
    );
    const ext = findAll(ch!.tree, 'tls.handshake.extension.type').map((n) => n.label);
    expect(ext).toEqual(['Type: session_ticket (35)']);
    expect(findAll(ch!.tree, 'tls.record.version')[0]!.label).toBe('Version: TLS 1.0 (0x0301)');
  });

  it('prints the golden fields as tshark does', () => {
    const line = fieldsLine(
      sh!,
      [
        '_ws.col.Protocol',
        '_ws.col.Info',
        'tls.record.content_type',
        'tls.record.version',
        'tls.handshake.type',
        'tls.handshake.ciphersuite',
      ],
      { separator: '\t', occurrence: 'a', aggregator: ',', quote: 'n' },
    );
    expect(line).toBe('TLSv1\tServer Hello\t22\t0x0301\t2\t0x0035');
  });

  it('shows the closing alert as encrypted', () => {
    expect(alert!.cols.info).toBe('Encrypted Alert');
    expect(findAll(alert!.tree, 'tls.alert_message')[0]!.label).toBe('Alert Message: Encrypted Alert');
  });
});
