/** DTLS, STUN and OCSP packets re-dissected by the session from their conversation alone match the full pass. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferSource } from '../shared/capture/source.ts';
import { openCapture } from '../shared/capture/reader.ts';
import { emptyRecord } from '../shared/capture/record.ts';
import { Dissection, type DissectedPacket } from '../shared/dissect/packet.ts';
import type { TreeNode } from '../shared/protocol/messages.ts';
import { serializeTree } from '../electron/backend/packet-view.ts';
import { CaptureSession } from '../electron/backend/session.ts';
import { writeTemp } from './app-fixtures.ts';
import { datagramCapture } from './datagram-fixtures.ts';

function dissectAll(bytes: Uint8Array): DissectedPacket[] {
  const opened = openCapture(new BufferSource(bytes));
  if (!opened.ok) throw new Error(opened.problem.message);
  const d = new Dissection();
  const out: DissectedPacket[] = [];
  const rec = emptyRecord();
  while (opened.reader.next(rec))
    out.push(d.dissect(out.length + 1, rec, bytes.slice(rec.dataOffset, rec.dataOffset + rec.caplen)));
  return out;
}

function labels(nodes: readonly TreeNode[]): string[] {
  return nodes.flatMap((n) => [n.label, ...labels(n.children ?? [])]);
}

describe('DTLS, STUN and OCSP in a capture session', () => {
  const bytes = datagramCapture();
  const expected = dissectAll(bytes);
  let session: CaptureSession;

  beforeAll(async () => {
    session = await CaptureSession.open(writeTemp('datagram.pcap', bytes));
    await session.indexed;
  });
  afterAll(() => session.close());

  it('lists the rows tshark would show', async () => {
    const rows = await session.rows(0, 100);
    expect(rows.map((r) => `${r.protocol} ${r.info}`).slice(0, 11)).toEqual([
      'STUN Binding Request user: a:b',
      'STUN Binding Success Response XOR-MAPPED-ADDRESS: 10.9.0.1:50000',
      'DTLS Client Hello',
      'DTLSv1.0 Hello Verify Request',
      'DTLSv1.0 Client Hello (Fragment)',
      'DNS Standard query 0x1234 A a.example',
      'DTLSv1.0 Client Hello (Reassembled)',
      'DTLSv1.2 Server Hello',
      'DTLSv1.2 Change Cipher Spec, Encrypted Handshake Message',
      'DTLSv1.2 Application Data',
      'DTLSv1.2 Encrypted Alert',
    ]);
    expect(rows.filter((r) => r.protocol === 'OCSP').map((r) => r.info)).toEqual(['Request', 'Response']);
  });

  it('re-dissects each packet, out of order, with the tree of the full pass', async () => {
    for (const n of [7, 2, 11, expected.length - 1, 5, 9]) {
      const detail = await session.packet(n);
      expect(labels(detail.tree), `packet ${n}`).toEqual(labels(serializeTree(expected[n - 1]!.tree.roots)));
    }
    const reassembled = labels((await session.packet(7)).tree);
    expect(reassembled).toContain('Handshake Protocol: Client Hello (Reassembled)');
    expect(reassembled).toContain('Server Name: fuzz.example');
  });
});
