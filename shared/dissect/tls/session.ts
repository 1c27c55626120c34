/** What TLS remembers about one TCP conversation between records and packets. */
import type { StreamInfo } from '../stream.ts';
import type { Transport } from './fingerprints.ts';

export interface TlsSession {
  /** Negotiated version (from ServerHello / supported_versions); 0 while unknown. */
  version: number;
  /** Direction (0/1) that sends as the server, or -1 while unknown. */
  serverDirection: number;
  /** Frame of the last ChangeCipherSpec from each direction (0 = none): handshake records in later frames are ciphertext. */
  ccsFrame: [number, number];
  cipherSuite: number;
  /** A handshake message split over records, per direction: its bytes so far and its full length. */
  fragment: [HandshakeFragment | undefined, HandshakeFragment | undefined];
  /** ALPN protocol the server selected, if any. */
  alpn: string;
  /** ClientHello and ServerHello randoms (the key log is looked up by the client's), once seen. */
  clientRandom?: Uint8Array;
  serverRandom?: Uint8Array;
  /** Set for DTLS: hellos carry a cookie, fingerprints use the DTLS transport letter. */
  dtls?: boolean;
  /** What carries the handshake, for JA4's first letter: TCP unless set (QUIC sets 'q'). */
  transport?: Transport;
}

export interface HandshakeFragment {
  parts: Uint8Array[];
  have: number;
  /** Header (4 bytes) plus body length, or 0 while fewer than 4 bytes are known. */
  total: number;
  type: number;
}

export function tlsSession(info: StreamInfo): TlsSession {
  let s = info.convState.get('tls') as TlsSession | undefined;
  if (!s) {
    s = {
      version: 0,
      serverDirection: -1,
      ccsFrame: [0, 0],
      cipherSuite: -1,
      fragment: [undefined, undefined],
      alpn: '',
    };
    info.convState.set('tls', s);
  }
  return s;
}

/** Wireshark's default TLS ports. */
export const TLS_PORTS = [
  261, 271, 324, 443, 448, 465, 563, 614, 636, 853, 989, 990, 992, 993, 994, 995, 1443, 2221, 2252, 2376, 3269, 3713,
  4433, 5061, 5349, 5986, 6513, 6514, 8443, 8883, 9001,
];

export function isFromServer(s: TlsSession, info: StreamInfo): boolean {
  if (s.serverDirection >= 0) return info.direction === s.serverDirection;
  return TLS_PORTS.includes(info.srcPort) && !TLS_PORTS.includes(info.dstPort);
}

/** The protocol that application data of a port carries, by the long name Wireshark shows (tls.app_data_proto). */
export function appDataProtocol(s: TlsSession, info: StreamInfo): string {
  if (s.alpn === 'h2') return 'HyperText Transfer Protocol 2';
  if (s.alpn.startsWith('spdy/')) return 'SPDY';
  for (const [key, name] of STARTTLS_PROTOCOLS) if (info.convState.has(key)) return name;
  const port = Math.min(info.srcPort, info.dstPort);
  return APP_DATA_BY_PORT.get(port) ?? APP_DATA_BY_PORT.get(Math.max(info.srcPort, info.dstPort)) ?? '';
}

/** Conversations that switched to TLS by STARTTLS (the state key their dissector keeps) carry that protocol. */
const STARTTLS_PROTOCOLS: readonly [string, string][] = [
  ['imap.starttls', 'Internet Message Access Protocol'],
  ['pop.starttls', 'Post Office Protocol'],
  ['smtp.starttls', 'Simple Mail Transfer Protocol'],
  ['xmpp.starttls', 'XMPP Protocol'],
];

const APP_DATA_BY_PORT: ReadonlyMap<number, string> = new Map([
  [443, 'Hypertext Transfer Protocol'],
  [8443, 'Hypertext Transfer Protocol'],
  [465, 'Simple Mail Transfer Protocol'],
  [993, 'Internet Message Access Protocol'],
  [995, 'Post Office Protocol'],
  [636, 'Lightweight Directory Access Protocol'],
  [853, 'Domain Name System'],
  [5061, 'Session Initiation Protocol'],
  [990, 'File Transfer Protocol (FTP)'],
  [992, 'Telnet'],
  [994, 'Internet Relay Chat'],
  [5223, 'XMPP Protocol'],
  [8883, 'MQ Telemetry Transport Protocol'],
]);
