/**
 * A hook on the TLS record layer for the views built over whole connections (Follow TLS Stream, the decryption
 * summary): every record as it is dissected, then its plaintext or why it could not be decrypted. Nothing is
 * reported while no observer is installed, so plain dissection pays one check per record.
 */

export interface TlsRecordSeen {
  frame: number;
  /** TCP stream index of the connection. */
  stream: number;
  /** TCP port of the record's sender. */
  srcPort: number;
  fromServer: boolean;
  /** Content type on the wire (23 for every protected TLS 1.3 record). */
  contentType: number;
  /** Record body length on the wire. */
  length: number;
}

export interface TlsRecordObserver {
  record(r: TlsRecordSeen): void;
  /** The record just reported decrypted: its real content type and plaintext. */
  decrypted(contentType: number, plain: Uint8Array): void;
  /** The record just reported is protected and could not be decrypted. */
  failed(reason: string): void;
}

let current: TlsRecordObserver | undefined;

/** Installs (or with undefined removes) the observer; returns the one it replaces. */
export function setTlsRecordObserver(o: TlsRecordObserver | undefined): TlsRecordObserver | undefined {
  const prev = current;
  current = o;
  return prev;
}

export function tlsRecordObserver(): TlsRecordObserver | undefined {
  return current;
}
