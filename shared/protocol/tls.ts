/**
 * What the renderer learns about TLS decryption: which key sources are loaded (names and counts, never the keys),
 * how decryption went over the capture, and one connection's records for Follow TLS Stream.
 */

/** A key source the backend holds: a key log (file or uploaded text) or an RSA private key. */
export interface TlsKeySourceInfo {
  kind: 'keylog' | 'rsa';
  /** File name (no folders) or the name the browser gave for an upload. */
  name: string;
  /** Key log: lines that carried a secret. RSA: 1. */
  keys: number;
}

export interface TlsKeysState {
  sources: TlsKeySourceInfo[];
  /** Whether keys may be added as text (serve mode) rather than chosen in the desktop app's dialog. */
  canUpload: boolean;
}

/** One connection decryption could not fully open, with the first reason given. */
export interface TlsDecryptionProblem {
  stream: number;
  /** First frame with a record that could not be decrypted. */
  frame: number;
  reason: string;
  /**
   * Records where decryption was tried and failed (a connection without keys says so once per direction; later
   * records are shown as ciphertext without trying again).
   */
  records: number;
}

export interface TlsDecryptionSummary {
  keysLoaded: boolean;
  /** TCP connections that carried TLS records. */
  connections: number;
  /** Connections with at least one decrypted record. */
  decryptedConnections: number;
  decryptedRecords: number;
  /** Records where decryption was tried and failed (see TlsDecryptionProblem.records). */
  failedRecords: number;
  problems: TlsDecryptionProblem[];
}

export interface FollowTlsRecord {
  frame: number;
  fromServer: boolean;
  /** Content type on the wire, and the one inside (TLS 1.3) when decrypted. */
  contentType: number;
  innerType?: number;
  /** Record body length on the wire. */
  length: number;
  decrypted: boolean;
  /** Decrypted application data as lower-case hex ('' when not decrypted or not application data). */
  hex: string;
  /** Why the record could not be decrypted, when it was tried. */
  failure?: string;
}

export interface FollowTlsStream {
  stream: number;
  /** "address:port" of each side. */
  client: string;
  server: string;
  records: FollowTlsRecord[];
  /** Bytes of decrypted application data from each side. */
  clientBytes: number;
  serverBytes: number;
  /** Records left out past the limit. */
  truncated: number;
}

/** Upper bounds for what the renderer may upload (a key log or one PEM key). */
export const MAX_KEYLOG_BYTES = 16 * 1024 * 1024;
export const MAX_PEM_BYTES = 64 * 1024;
