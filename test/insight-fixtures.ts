/** Synthetic TLS connections for the insight tests (sessions, findings, statistics), built with the synth helpers. */
import { clientHello, tcpFrame, tlsConnection, tlsRecord, type SynthPacket } from '../shared/capture/synth.ts';
import type { PacketRecord } from '../shared/capture/record.ts';
import { Dissection, type DissectedPacket } from '../shared/dissect/packet.ts';
import { CLIENT, SERVER } from './synthetic.ts';
import { INSIGHT_CERT } from './fixtures/insight-cert.ts';

export const BASE_SEC = 1_700_000_000;

/** A complete TLS 1.2 connection to insight.test carrying INSIGHT_CERT, two application records each way. */
export function goodConnection(baseSec = BASE_SEC): SynthPacket[] {
  return tlsConnection({
    client: CLIENT,
    server: SERVER,
    host: 'insight.test',
    baseSec,
    startNs: 0,
    appRecords: 2,
    appRecordSize: 100,
    certificate: INSIGHT_CERT,
    seed: 3,
  });
}

/** A connection the server refuses: ClientHello, then a plaintext fatal handshake_failure alert and a reset. */
export function refusedConnection(baseSec = BASE_SEC, startNs = 5e9): SynthPacket[] {
  const client = { ...CLIENT, port: 50001 };
  const out: SynthPacket[] = [];
  let t = startNs;
  const push = (data: Uint8Array): void => {
    out.push({ tsSec: baseSec + Math.floor(t / 1e9), tsNsec: t % 1e9, data });
    t += 1_000_000;
  };
  let cseq = 1000;
  let sseq = 9000;
  push(tcpFrame({ src: client, dst: SERVER, seq: cseq, ack: 0, flags: 0x02 }));
  push(tcpFrame({ src: SERVER, dst: client, seq: sseq, ack: cseq + 1, flags: 0x12 }));
  cseq++;
  sseq++;
  push(tcpFrame({ src: client, dst: SERVER, seq: cseq, ack: sseq, flags: 0x10 }));
  const hello = tlsRecord(22, 0x0301, clientHello('refused.test', 9));
  push(tcpFrame({ src: client, dst: SERVER, seq: cseq, ack: sseq, flags: 0x18, payload: hello }));
  cseq += hello.length;
  const alert = tlsRecord(21, 0x0303, Uint8Array.of(2, 40));
  push(tcpFrame({ src: SERVER, dst: client, seq: sseq, ack: cseq, flags: 0x18, payload: alert }));
  sseq += alert.length;
  push(tcpFrame({ src: client, dst: SERVER, seq: cseq, ack: sseq, flags: 0x14 }));
  return out;
}

/** Dissects synthetic packets in order as one Ethernet capture. */
export function dissectSynth(packets: readonly SynthPacket[]): DissectedPacket[] {
  const d = new Dissection();
  return packets.map((p, i) => {
    const rec: PacketRecord = {
      dataOffset: 0,
      caplen: p.data.length,
      origlen: p.data.length,
      tsSec: p.tsSec,
      tsNsec: p.tsNsec,
      linkType: 1,
      interfaceId: 0,
    };
    return d.dissect(i + 1, rec, p.data);
  });
}
