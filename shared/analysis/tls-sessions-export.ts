/** The sessions table as JSON objects, CSV and text, and certificates as PEM: for the CLI and the app's exports. */
import { cipherSuites } from '../dissect/tls/tables.ts';
import { versionShortName } from '../dissect/tls/fields.ts';
import type { CertificateInfo, TlsSessionInfo } from './tls-session-types.ts';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < b.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < b.length ? B64[n & 63]! : '=';
  }
  return out;
}

/** A certificate in PEM (RFC 7468): base64 of the DER in 64-character lines between the CERTIFICATE labels. */
export function certificatePem(der: Uint8Array): string {
  const text = base64(der);
  const lines = ['-----BEGIN CERTIFICATE-----'];
  for (let i = 0; i < text.length; i += 64) lines.push(text.slice(i, i + 64));
  lines.push('-----END CERTIFICATE-----');
  return lines.join('\n') + '\n';
}

/** A whole chain in PEM, end-entity first. */
export function chainPem(certs: readonly CertificateInfo[]): string {
  return certs.map((c) => certificatePem(c.der)).join('');
}

export interface CertificateJson extends Omit<CertificateInfo, 'der'> {
  der: string;
}

export type TlsSessionJson = Omit<TlsSessionInfo, 'certificates' | 'offeredVersions' | 'offeredSuites'> & {
  certificates: CertificateJson[];
  offeredVersions: string[];
  offeredSuites: string[];
};

function suiteName(s: number): string {
  return cipherSuites.get(s) ?? `0x${s.toString(16).padStart(4, '0')}`;
}

function versionName(v: number): string {
  return versionShortName(v) ?? `0x${v.toString(16).padStart(4, '0')}`;
}

/** One session as a plain JSON object: certificates as base64 DER next to their decoded fields. */
export function sessionJson(s: TlsSessionInfo): TlsSessionJson {
  return {
    ...s,
    offeredVersions: s.offeredVersions.map(versionName),
    offeredSuites: s.offeredSuites.map(suiteName),
    certificates: s.certificates.map((c) => ({ ...c, der: base64(c.der) })),
  };
}

/** What a table row reads: a session, or its JSON form (the app has the JSON). */
export type SessionRowSource = Omit<TlsSessionInfo, 'certificates' | 'offeredVersions' | 'offeredSuites'> & {
  certificates: readonly Omit<CertificateInfo, 'der'>[];
};

function alertsText(s: SessionRowSource): string {
  return s.alerts
    .map((a) =>
      a.encrypted
        ? `${a.fromClient ? 'C' : 'S'}: encrypted (${a.likely})`
        : `${a.fromClient ? 'C' : 'S'}: ${a.level} ${a.description}`,
    )
    .join('; ');
}

function certText(s: SessionRowSource): string {
  const leaf = s.certificates.find((c) => c.fromServer && c.index === 0);
  if (!leaf) return '';
  const key = leaf.keyType ? ` ${leaf.keyType}${leaf.keyBits ? ` ${leaf.keyBits}` : ''}` : '';
  return `${leaf.subjectCN || leaf.subject} (issuer ${leaf.issuerCN || leaf.issuer}${key}, ${leaf.notBefore} to ${leaf.notAfter})`;
}

export const SESSION_COLUMNS = [
  'stream',
  'client',
  'server',
  'sni',
  'version',
  'cipher_suite',
  'alpn',
  'resumption',
  'certificate',
  'chain_length',
  'alerts',
  'bytes_client_to_server',
  'bytes_server_to_client',
  'duration',
  'status',
  'ja3',
  'ja3s',
  'ja4',
] as const;

/** One row of the sessions table, in SESSION_COLUMNS order. */
export function sessionRow(s: SessionRowSource): string[] {
  return [
    String(s.stream),
    `${s.client.address}:${s.client.port}`,
    `${s.server.address}:${s.server.port}`,
    s.sni,
    s.version,
    s.cipherSuite,
    s.alpn,
    s.resumption,
    certText(s),
    String(s.certificates.filter((c) => c.fromServer).length),
    alertsText(s),
    String(s.bytesClientToServer),
    String(s.bytesServerToClient),
    s.duration.toFixed(6),
    s.statusText,
    s.ja3,
    s.ja3s,
    s.ja4,
  ];
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The sessions table as CSV (RFC 4180), with a header line. */
export function sessionsCsv(sessions: readonly SessionRowSource[]): string {
  const lines = [SESSION_COLUMNS.join(',')];
  for (const s of sessions) lines.push(sessionRow(s).map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** The sessions as the text table `-z tls,sessions` prints: one block per connection. */
export function sessionsText(sessions: readonly TlsSessionInfo[]): string {
  const rule = '='.repeat(80);
  const lines = [rule, 'TLS Sessions', rule];
  for (const s of sessions) {
    const row = sessionRow(s);
    lines.push(`Stream ${s.stream}: ${row[1]} -> ${row[2]}  ${s.statusText}`);
    SESSION_COLUMNS.forEach((name, i) => {
      if (i < 3 || name === 'status' || !row[i]) return;
      lines.push(`  ${(name + ':').padEnd(24)}${row[i]}`);
    });
    lines.push('');
  }
  lines.push(`${sessions.length} session${sessions.length === 1 ? '' : 's'}`, rule);
  return lines.join('\n') + '\n';
}
