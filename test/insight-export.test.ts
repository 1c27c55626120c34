/** Exports of the sessions table and certificates, and tshark's size format used by the conversation tables. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSize } from '../shared/analysis/stats-text.ts';
import { tlsSessions } from '../shared/analysis/tls-sessions.ts';
import {
  base64,
  certificatePem,
  SESSION_COLUMNS,
  sessionJson,
  sessionsCsv,
} from '../shared/analysis/tls-sessions-export.ts';
import { INSIGHT_CERT } from './fixtures/insight-cert.ts';
import { dissectSynth, goodConnection, refusedConnection } from './insight-fixtures.ts';

const sessions = tlsSessions(dissectSynth([...goodConnection(), ...refusedConnection()]));

describe('exports', () => {
  it('encodes base64 like Node for every length remainder', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100]) {
      const b = INSIGHT_CERT.subarray(0, n);
      expect(base64(b)).toBe(Buffer.from(b).toString('base64'));
    }
  });

  it('writes a certificate as PEM that openssl reads back to the same DER', () => {
    const pem = certificatePem(INSIGHT_CERT);
    expect(
      pem
        .split('\n')
        .slice(1, -2)
        .every((l) => l.length <= 64),
    ).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'wirelens-pem-'));
    writeFileSync(join(dir, 'c.pem'), pem);
    let der: Buffer;
    try {
      der = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-outform', 'DER']);
    } catch {
      console.warn('insight-export.test: openssl is not available, the PEM round trip is skipped');
      return;
    }
    expect(Uint8Array.from(der)).toEqual(INSIGHT_CERT);
  });

  it('writes the sessions as CSV with a header and quoted cells', () => {
    const lines = sessionsCsv(sessions).trimEnd().split('\r\n');
    expect(lines[0]).toBe(SESSION_COLUMNS.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      /^0,10\.0\.0\.1:50000,10\.0\.0\.2:443,insight\.test,TLSv1\.2,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,,none,"insight\.test \(issuer insight\.test EC 256, /,
    );
    expect(lines[2]).toContain(',S: Fatal Handshake Failure,');
  });

  it('gives one JSON object per connection with names for offered versions and suites', () => {
    const j = sessionJson(sessions[0]!);
    expect(j.offeredSuites).toEqual([
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      'TLS_RSA_WITH_AES_128_GCM_SHA256',
      'TLS_RSA_WITH_AES_128_CBC_SHA',
    ]);
    expect(j.offeredVersions).toEqual(['TLSv1.2']);
    expect(j.certificates[0]!.der).toBe(Buffer.from(INSIGHT_CERT).toString('base64'));
  });
});

describe('formatSize (tshark’s SI sizes, as seen in its conversation tables)', () => {
  it('keeps bytes below 10 kB and truncates above', () => {
    expect(formatSize(0)).toBe('0 bytes');
    expect(formatSize(9999)).toBe('9999 bytes');
    expect(formatSize(10_000)).toBe('10 kB');
    expect(formatSize(220_356)).toBe('220 kB');
  });
});
