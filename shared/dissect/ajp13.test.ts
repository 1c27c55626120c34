/** AJP13 framing: PDUs reassembled by their length field, message type in Info. */
import { describe, expect, it } from 'vitest';
import { ipv4, tcpFrame, type Endpoint } from '../capture/synth.ts';
import { emptyRecord } from '../capture/record.ts';
import { Dissection } from './packet.ts';

const web: Endpoint = { mac: new Uint8Array(6), ip: ipv4(10, 0, 0, 1), port: 40000 };
const container: Endpoint = { mac: new Uint8Array(6), ip: ipv4(10, 0, 0, 2), port: 8009 };

describe('AJP13', () => {
  it('waits for the whole PDU, then names its type', () => {
    const cping = Uint8Array.of(0x12, 0x34, 0x00, 0x01, 10);
    const body = Uint8Array.of(0x12, 0x34, 0x00, 0x06, 2, 1, 2, 3, 4, 5);
    const frames = [
      tcpFrame({ src: web, dst: container, seq: 1, ack: 1, flags: 0x18, payload: cping }),
      tcpFrame({ src: web, dst: container, seq: 6, ack: 1, flags: 0x18, payload: body.subarray(0, 6) }),
      tcpFrame({ src: web, dst: container, seq: 12, ack: 1, flags: 0x18, payload: body.subarray(6) }),
    ];
    const d = new Dissection();
    const cols = frames.map(
      (f, i) => d.dissect(i + 1, { ...emptyRecord(), caplen: f.length, origlen: f.length, linkType: 1 }, f).cols,
    );
    expect(cols.map((c) => `${c.protocol} ${c.info}`)).toEqual([
      'AJP13 CPING',
      'TCP 40000 → 8009 [PSH, ACK] Seq=6 Ack=1 Win=65535 Len=6 [TCP segment of a reassembled PDU]',
      'AJP13 FORWARD_REQUEST',
    ]);
  });
});
