/**
 * RSA key exchange (TLS 1.0–1.2): the ClientKeyExchange carries the pre-master secret encrypted with the server's
 * RSA key. With the pre-master secret (from an RSA private key or an `RSA` key log line) the master secret is
 * derived as RFC 5246 §8.1 says, or as RFC 7627 says when both sides agreed on the extended master secret (then the
 * seed is the hash of the handshake messages up to the ClientKeyExchange, which this module keeps while it can).
 */
import type { TlsDecryption } from './crypto.ts';
import { tlsDecryption } from './crypto.ts';
import { concat, type SuiteParams, tlsPrf } from './prf.ts';
import type { TlsSession } from './session.ts';
import { cipherSuites } from './tables.ts';

/** What an RSA key exchange needs beyond the session's randoms. */
export interface RsaKxState {
  /** The ClientKeyExchange's encrypted pre-master secret, once seen. */
  encryptedPremaster: Uint8Array | undefined;
  /** The ServerHello echoed extended_master_secret (extension 23). */
  extendedMasterSecret: boolean;
  /** Handshake messages from the ClientHello to the ClientKeyExchange (kept only while keys are installed). */
  transcript: Uint8Array[];
  /** The transcript is complete (the ClientKeyExchange was added) or unusable. */
  transcriptDone: boolean;
}

const EXTENDED_MASTER_SECRET = 23;
const CLIENT_HELLO = 1;
const CLIENT_KEY_EXCHANGE = 16;
const HELLO_REQUEST = 0;

const states = new WeakMap<TlsSession, RsaKxState>();

export function rsaKxState(s: TlsSession): RsaKxState {
  let st = states.get(s);
  if (!st) {
    st = { encryptedPremaster: undefined, extendedMasterSecret: false, transcript: [], transcriptDone: false };
    states.set(s, st);
  }
  return st;
}

/**
 * A complete plaintext handshake message (its 4-byte header included). A ClientHello starts a new transcript;
 * messages are only copied while decryption is installed, so plain dissection allocates nothing here.
 */
export function noteHandshakeMessage(s: TlsSession, msg: Uint8Array): void {
  const d = tlsDecryption();
  if (!d || msg.length < 4) return;
  const type = msg[0]!;
  if (type === HELLO_REQUEST) return;
  if (type === CLIENT_HELLO) {
    // Nothing to keep while no key at all is loaded.
    if (d.keys.hasKeys?.() === false && !states.has(s)) return;
    const st = rsaKxState(s);
    st.transcript = [];
    st.transcriptDone = false;
    st.encryptedPremaster = undefined;
  }
  const st = states.get(s);
  if (!st || st.transcriptDone) return;
  // Once the suite is known, only an RSA key exchange with the extended master secret needs the messages.
  if (type !== CLIENT_HELLO && s.cipherSuite >= 0 && (!isRsaKeyExchange(s.cipherSuite) || !st.extendedMasterSecret)) {
    st.transcript = [];
    st.transcriptDone = true;
    return;
  }
  st.transcript.push(msg.slice());
  if (type === CLIENT_KEY_EXCHANGE) st.transcriptDone = true;
}

/** Suites whose pre-master secret travels RSA-encrypted in the ClientKeyExchange (TLS_RSA_WITH_…). */
export function isRsaKeyExchange(suite: number): boolean {
  return /^TLS_RSA_(EXPORT_)?WITH_/.test(cipherSuites.get(suite) ?? '');
}

/** The ServerHello's extension list: whether the extended master secret is in use. */
export function noteServerExtensions(s: TlsSession, types: readonly number[]): void {
  if (!tlsDecryption()) return;
  rsaKxState(s).extendedMasterSecret = types.includes(EXTENDED_MASTER_SECRET);
}

/** The RSA-encrypted pre-master secret of a ClientKeyExchange. */
export function noteEncryptedPremaster(s: TlsSession, encrypted: Uint8Array): void {
  if (!tlsDecryption()) return;
  rsaKxState(s).encryptedPremaster = encrypted.slice();
}

export type MasterFromRsa = { ok: true; master: Uint8Array } | { ok: false; reason: string };

/**
 * The master secret of an RSA key exchange, or why there is none: no ClientKeyExchange seen, no key that opens the
 * pre-master secret, or an extended master secret whose handshake transcript was not captured in full.
 */
export function masterFromRsa(d: TlsDecryption, s: TlsSession, params: SuiteParams): MasterFromRsa {
  const st = states.get(s);
  const epms = st?.encryptedPremaster;
  if (!st || !epms) return { ok: false, reason: 'no RSA ClientKeyExchange was seen' };
  const premaster = d.keys.rsaPremaster?.(epms);
  if (!premaster) return { ok: false, reason: 'no RSA private key decrypts the pre-master secret' };
  if (!st.extendedMasterSecret) {
    const seed = concat(s.clientRandom!, s.serverRandom!);
    return { ok: true, master: tlsPrf(d.crypto, s.version, params.prf, premaster, 'master secret', seed, 48) };
  }
  if (!st.transcriptDone) return { ok: false, reason: 'the handshake for the extended master secret is incomplete' };
  const messages = concat(...st.transcript);
  const sessionHash =
    s.version >= 0x0303
      ? d.crypto.hash(params.prf, messages)
      : concat(d.crypto.hash('md5', messages), d.crypto.hash('sha1', messages));
  return {
    ok: true,
    master: tlsPrf(d.crypto, s.version, params.prf, premaster, 'extended master secret', sessionHash, 48),
  };
}
