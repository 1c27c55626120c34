/**
 * The TLS sessions analysis: on synthetic connections built in the repo, and on the shared captures (skipped when
 * ../shared/captures is absent). Byte counts are checked against what `tshark -q -z conv,tcp` prints for the capture.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TlsSessionsBuilder, tlsSessions, type TlsSessionInfo } from '../shared/analysis/tls-sessions.ts';
import { Dissection } from '../shared/dissect/packet.ts';
import { forEachPacket, openCaptureFile } from '../electron/backend/capture-file.ts';
import { CAPTURES } from './golden-support.ts';
import { INSIGHT_CERT } from './fixtures/insight-cert.ts';
import { dissectSynth, goodConnection, refusedConnection } from './insight-fixtures.ts';

function sessionsOf(file: string): TlsSessionInfo[] {
  const cap = openCaptureFile(join(CAPTURES, file));
  const d = new Dissection();
  const b = new TlsSessionsBuilder();
  forEachPacket(cap, (n, rec, bytes) => {
    b.add(d.dissect(n, rec, bytes));
    return true;
  });
  cap.source.close();
  return b.sessions();
}

describe('TLS sessions on synthetic connections', () => {
  const packets = [...goodConnection(), ...refusedConnection()];
  const dissected = dissectSynth(packets);
  const [good, refused] = tlsSessions(dissected);

  it('finds one session per TCP connection', () => {
    expect(tlsSessions(dissected).map((s) => s.stream)).toEqual([0, 1]);
  });

  it('names client, server, SNI, version, suite and certificate of a complete handshake', () => {
    expect(good!.client).toEqual({ address: '10.0.0.1', port: 50000 });
    expect(good!.server).toEqual({ address: '10.0.0.2', port: 443 });
    expect(good!.sni).toBe('insight.test');
    expect(good!.version).toBe('TLSv1.2');
    expect(good!.cipherSuite).toBe('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
    expect(good!.offeredSuites).toEqual([0xc02f, 0xc030, 0x009c, 0x002f]);
    expect(good!.status).toBe('complete');
    expect(good!.resumption).toBe('none');
    expect(good!.certificates).toHaveLength(1);
    const cert = good!.certificates[0]!;
    expect(cert.der).toEqual(INSIGHT_CERT);
    expect(cert.fromServer).toBe(true);
    expect(cert.subjectCN).toBe('insight.test');
    expect(cert.issuerCN).toBe('insight.test');
    expect(cert.selfSigned).toBe(true);
    expect(cert.keyType).toBe('EC');
    expect(cert.keyBits).toBe(256);
    expect(cert.sans).toEqual(['insight.test', 'www.insight.test']);
    expect(cert.notBefore).toBe('2026-11-26T08:52:46Z');
  });

  it('counts bytes each way and the duration from the frames of the connection', () => {
    const mine = packets.slice(0, good!.packets);
    const c2s = mine.filter((p) => p.data[29] === 1).reduce((n, p) => n + p.data.length, 0);
    const s2c = mine.filter((p) => p.data[29] === 2).reduce((n, p) => n + p.data.length, 0);
    expect(good!.bytesClientToServer).toBe(c2s);
    expect(good!.bytesServerToClient).toBe(s2c);
    expect(good!.firstFrame).toBe(1);
    expect(good!.lastFrame).toBe(mine.length);
    expect(good!.duration).toBeCloseTo((mine.length - 1) * 150e-6, 9);
  });

  it('keeps the frames of each handshake message and a ladder of who sent what', () => {
    expect(good!.handshakeFrames['Client Hello']).toEqual([4]);
    expect(good!.handshakeFrames['Server Hello']).toHaveLength(1);
    expect(good!.handshakeFrames['Certificate']).toEqual(good!.handshakeFrames['Server Hello']);
    const labels = good!.ladder.map((s) => `${s.fromClient ? 'C' : 'S'} ${s.label}`);
    expect(labels.slice(0, 4)).toEqual([
      'C SYN',
      'S SYN, ACK',
      'C Client Hello',
      expect.stringMatching(/^S Server Hello, Certificate/),
    ]);
    expect(labels).toContain('C Client Key Exchange, Change Cipher Spec, Encrypted Handshake Message');
    expect(labels).toContain('S Change Cipher Spec, Encrypted Handshake Message');
    for (const step of good!.ladder) expect(dissected[step.frame - 1]!.stream).toBe(0);
  });

  it('reports the encrypted alert at the end as a likely close_notify', () => {
    expect(good!.alerts).toHaveLength(1);
    expect(good!.alerts[0]).toMatchObject({ encrypted: true, fromClient: true });
    expect(good!.alerts[0]!.likely).toMatch(/close_notify/);
  });

  it('marks a connection refused with a fatal alert as failed', () => {
    expect(refused!.client.port).toBe(50001);
    expect(refused!.sni).toBe('refused.test');
    expect(refused!.version).toBe('');
    expect(refused!.reset).toBe(true);
    expect(refused!.status).toBe('failed');
    expect(refused!.statusText).toBe('failed with alert Handshake Failure');
    expect(refused!.alerts).toEqual([
      {
        frame: good!.packets + 5,
        fromClient: false,
        encrypted: false,
        level: 'Fatal',
        description: 'Handshake Failure',
        likely: '',
      },
    ]);
  });

  it('reports a reset during the handshake, and an unanswered hello as incomplete', () => {
    const withoutAlert = refusedConnection().filter((_, i) => i !== 4);
    expect(tlsSessions(dissectSynth(withoutAlert))[0]!.status).toBe('reset');
    const helloOnly = refusedConnection().slice(0, 4);
    expect(tlsSessions(dissectSynth(helloOnly))[0]!.status).toBe('incomplete');
  });

  it('ignores connections without TLS', () => {
    const tcpOnly = goodConnection().slice(0, 3);
    expect(tlsSessions(dissectSynth(tcpOnly))).toEqual([]);
  });
});

const haveCaptures = existsSync(CAPTURES);
if (!haveCaptures) console.warn(`tls-sessions.test: ${CAPTURES} is absent, the capture tests are skipped`);

describe.skipIf(!haveCaptures)(`TLS sessions on the captures in ${CAPTURES}`, () => {
  it('chrome-34-google.pcap: SNI, ALPN, chain, fingerprints and bytes as tshark counts them', () => {
    const [s, ...rest] = sessionsOf('chrome-34-google.pcap');
    expect(rest).toEqual([]);
    expect(s!.client).toEqual({ address: '192.168.4.149', port: 55881 });
    expect(s!.server).toEqual({ address: '74.125.239.152', port: 443 });
    expect(s!.sni).toBe('google.de');
    expect(s!.alpn).toBe('spdy/3.1');
    expect(s!.version).toBe('TLSv1.2');
    expect(s!.cipherSuite).toBe('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
    expect(s!.certificates.map((c) => c.subjectCN)).toEqual([
      '*.google.de',
      'Google Internet Authority G2',
      'GeoTrust Global CA',
    ]);
    expect(s!.certificates[0]!.issuerCN).toBe('Google Internet Authority G2');
    expect(s!.certificates.map((c) => `${c.keyType}${c.keyBits}`)).toEqual(['RSA2048', 'RSA2048', 'RSA2048']);
    expect(s!.ja3s).toBe('9f5e2e0d84076af5475bbe44debdb03e');
    // tshark -q -z conv,tcp: 23 frames / 2750 bytes client → server, 19 frames / 8136 bytes back, 0.2740 s.
    expect(s!.packets).toBe(42);
    expect(s!.bytesClientToServer).toBe(2750);
    expect(s!.bytesServerToClient).toBe(8136);
    expect(s!.duration).toBeCloseTo(0.274, 3);
    expect(s!.status).toBe('complete');
  });

  it('certificate-request-failed.pcap: the fatal alert decides the status', () => {
    const [s] = sessionsOf('certificate-request-failed.pcap');
    expect(s!.status).toBe('failed');
    expect(s!.alerts.map((a) => `${a.level} ${a.description}`)).toEqual(['Fatal Handshake Failure']);
  });

  it('tls-13draft19-early-data.pcap: the second connection resumes with a PSK', () => {
    const sessions = sessionsOf('tls-13draft19-early-data.pcap');
    expect(sessions.map((s) => s.version)).toEqual(['TLSv1.3', 'TLSv1.3']);
    expect(sessions.map((s) => s.resumption)).toEqual(['none', 'psk']);
    expect(sessions[1]!.resumptionOffered).toContain('psk');
  });

  it('tls13draft16-ff52.a01-aborted.pcap: both attempts fail with protocol_version', () => {
    const sessions = sessionsOf('tls13draft16-ff52.a01-aborted.pcap');
    expect(sessions.map((s) => s.statusText)).toEqual([
      'failed with alert Protocol Version',
      'failed with alert Protocol Version',
    ]);
  });

  it('every session of every capture has its client hello frame inside the connection', () => {
    for (const name of ['google-cert-repeat.pcap', 'ja4-tls3.pcapng', 'smtp-starttls.pcap']) {
      for (const s of sessionsOf(name)) {
        for (const f of s.handshakeFrames['Client Hello'] ?? []) {
          expect(f).toBeGreaterThanOrEqual(s.firstFrame);
          expect(f).toBeLessThanOrEqual(s.lastFrame);
        }
      }
    }
  });
});
