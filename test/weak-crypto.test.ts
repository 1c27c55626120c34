/**
 * Weak-crypto warnings: expert items in the Security group, filterable, on synthetic connections built in the repo
 * and on the shared captures (skipped when ../shared/captures is absent); and the findings list built from them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tlsConnection, type SynthPacket } from '../shared/capture/synth.ts';
import { FINDING_KINDS, FindingsBuilder, type Finding } from '../shared/analysis/findings.ts';
import { isRsaKeyExchange, nameMatches, suiteWeakness } from '../shared/dissect/tls/weak-crypto.ts';
import type { DissectedPacket } from '../shared/dissect/packet.ts';
import { Dissection } from '../shared/dissect/packet.ts';
import { compileFilter } from '../shared/filter/index.ts';
import { forEachPacket, openCaptureFile } from '../electron/backend/capture-file.ts';
import { CAPTURES } from './golden-support.ts';
import { CLIENT, SERVER } from './synthetic.ts';
import { INSIGHT_CERT } from './fixtures/insight-cert.ts';
import { dissectSynth, goodConnection, refusedConnection } from './insight-fixtures.ts';

function findingsOf(packets: readonly DissectedPacket[]): Finding[] {
  const b = new FindingsBuilder();
  for (const p of packets) b.add(p);
  return b.findings();
}

function kinds(packets: readonly SynthPacket[]): string[] {
  return findingsOf(dissectSynth(packets)).map((f) => f.kind);
}

function connection(host: string, baseSec: number, appRecordSize = 100): SynthPacket[] {
  return tlsConnection({
    client: CLIENT,
    server: SERVER,
    host,
    baseSec,
    startNs: 0,
    appRecords: 1,
    appRecordSize,
    certificate: INSIGHT_CERT,
    seed: 4,
  });
}

describe('cipher suite and name rules', () => {
  it('names what makes a suite weak', () => {
    expect(suiteWeakness(0x0004)).toBe('RC4'); // TLS_RSA_WITH_RC4_128_MD5
    expect(suiteWeakness(0x000a)).toBe('3DES'); // TLS_RSA_WITH_3DES_EDE_CBC_SHA
    expect(suiteWeakness(0x0009)).toBe('DES'); // TLS_RSA_WITH_DES_CBC_SHA
    expect(suiteWeakness(0x0003)).toBe('export grade'); // TLS_RSA_EXPORT_WITH_RC4_40_MD5
    expect(suiteWeakness(0x0002)).toBe('NULL encryption'); // TLS_RSA_WITH_NULL_SHA
    expect(suiteWeakness(0x0034)).toBe('anonymous (unauthenticated)'); // TLS_DH_anon_WITH_AES_128_CBC_SHA
    expect(suiteWeakness(0xc02f)).toBe('');
    expect(suiteWeakness(0x1301)).toBe('');
    expect(suiteWeakness(0x00ff)).toBe('');
  });

  it('knows RSA key transport from (EC)DHE', () => {
    expect(isRsaKeyExchange(0x002f)).toBe(true); // TLS_RSA_WITH_AES_128_CBC_SHA
    expect(isRsaKeyExchange(0xc02f)).toBe(false);
    expect(isRsaKeyExchange(0x1301)).toBe(false);
  });

  it('matches host names against certificate names, wildcards one label deep', () => {
    expect(nameMatches('WWW.Example.com', ['www.example.com'])).toBe(true);
    expect(nameMatches('a.example.com', ['*.example.com'])).toBe(true);
    expect(nameMatches('a.b.example.com', ['*.example.com'])).toBe(false);
    expect(nameMatches('example.com', ['*.example.com'])).toBe(false);
  });
});

describe('weak-crypto warnings on synthetic connections', () => {
  it('flags a self-signed certificate that is not valid yet at the capture time (2023)', () => {
    expect(kinds(goodConnection())).toEqual(['tls.insight.cert_not_yet_valid', 'tls.insight.cert_self_signed']);
  });

  it('flags an expired certificate and a server name the certificate does not carry', () => {
    const at2040 = 2_208_988_800;
    expect(kinds(connection('other.test', at2040))).toEqual([
      'tls.insight.cert_expired',
      'tls.insight.cert_self_signed',
      'tls.insight.cert_name_mismatch',
    ]);
    expect(kinds(connection('www.insight.test', at2040))).not.toContain('tls.insight.cert_name_mismatch');
  });

  it('flags a fatal alert and a record over 2^14 bytes', () => {
    expect(kinds(refusedConnection())).toEqual(['tls.insight.fatal_alert']);
    const big = findingsOf(dissectSynth(connection('insight.test', 1_900_000_000, 16_500)));
    expect(big.filter((f) => f.kind === 'tls.insight.record_too_long').map((f) => f.message)).toContain(
      'Record length 16500 exceeds 2^14 (16384) bytes',
    );
  });

  it('makes the warnings filterable as _ws.expert, by group and by name, in a filter-only tree too', () => {
    const packets = goodConnection();
    const match = (text: string): number[] => {
      const r = compileFilter(text);
      if (!r.ok) throw new Error(r.error.message);
      const d = new Dissection(undefined, new Set(r.filter.fields), false);
      return packets.flatMap((p, i) => {
        const rec = {
          dataOffset: 0,
          caplen: p.data.length,
          origlen: p.data.length,
          tsSec: p.tsSec,
          tsNsec: p.tsNsec,
          linkType: 1,
          interfaceId: 0,
        };
        const dp = d.dissect(i + 1, rec, p.data);
        return r.filter.matches({ tree: dp.tree, frame: p.data }) ? [i + 1] : [];
      });
    };
    const certFrame = findingsOf(dissectSynth(packets))[0]!.frame;
    expect(match('_ws.expert')).toEqual([certFrame]);
    expect(match('_ws.expert.group == "Security"')).toEqual([certFrame]);
    expect(match('tls.insight.cert_self_signed')).toEqual([certFrame]);
    expect(match('tls.insight.cert_expired')).toEqual([]);
  });

  it('records each warning as a note of the packet, severity and group included', () => {
    const p = dissectSynth(refusedConnection()).find((x) => x.notes.length)!;
    expect(p.notes).toEqual([{ severity: 'warn', group: 'security', message: 'Fatal alert: Handshake Failure' }]);
  });

  it('explains every kind of finding with an RFC reference', () => {
    for (const k of Object.values(FINDING_KINDS)) {
      expect(k.explanation.length).toBeGreaterThan(40);
      expect(k.reference).toMatch(/^RFC \d+/);
    }
  });
});

const haveCaptures = existsSync(CAPTURES);
if (!haveCaptures) console.warn(`weak-crypto.test: ${CAPTURES} is absent, the capture tests are skipped`);

function captureFindings(name: string): Finding[] {
  const cap = openCaptureFile(join(CAPTURES, name));
  const d = new Dissection();
  const b = new FindingsBuilder();
  forEachPacket(cap, (n, rec, bytes) => {
    b.add(d.dissect(n, rec, bytes));
    return true;
  });
  cap.source.close();
  return b.findings();
}

describe.skipIf(!haveCaptures)(`weak-crypto warnings on the captures in ${CAPTURES}`, () => {
  it('tls-expired-cert.pcap: TLS 1.0, the expired www.spidh.org certificate, RSA key exchange', () => {
    const f = captureFindings('tls-expired-cert.pcap');
    expect(f.find((x) => x.kind === 'tls.insight.cert_expired')).toMatchObject({
      frame: 7,
      message: 'Certificate of www.spidh.org expired on 2014-03-04T23:59:59Z (before the capture)',
    });
    expect(f.filter((x) => x.kind === 'tls.insight.weak_version').map((x) => x.frame)).toEqual([6, 32]);
    expect(f.some((x) => x.kind === 'tls.insight.rsa_key_exchange' && x.stream === 1)).toBe(true);
  });

  it('tls1.2.pcap: RC4 chosen with RSA key exchange', () => {
    const f = captureFindings('tls1.2.pcap').filter((x) => x.frame === 5);
    expect(f.map((x) => x.message)).toEqual([
      'Weak cipher suite chosen (RC4): TLS_RSA_WITH_RC4_128_MD5',
      'RSA key exchange, no forward secrecy: TLS_RSA_WITH_RC4_128_MD5',
    ]);
  });

  it('ja4-badcurveball.pcap: the fatal certificate_unknown alert', () => {
    const f = captureFindings('ja4-badcurveball.pcap');
    expect(f.filter((x) => x.kind === 'tls.insight.fatal_alert').map((x) => x.message)).toEqual([
      'Fatal alert: Certificate Unknown',
    ]);
  });

  it('google-cert-repeat.pcap: a modern TLS 1.2 connection has nothing to report', () => {
    expect(captureFindings('google-cert-repeat.pcap')).toEqual([]);
  });
});
