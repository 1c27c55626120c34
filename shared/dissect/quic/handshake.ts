/**
 * CRYPTO frame data to TLS: each direction's stream is reassembled by offset and every handshake message it
 * completes is handed to the TLS handshake dissector, which leaves the QUIC Protocol and Info columns alone (as in
 * Wireshark). Once the ServerHello names the cipher suite, Handshake and 1-RTT keys come from the key log.
 */
import type { PacketContext } from '../context.ts';
import type { FieldNode } from '../tree.ts';
import { tlsDecryption, type TlsSecretLabel } from '../tls/crypto.ts';
import { F as TLS } from '../tls/fields.ts';
import { dissectHandshakeMessage } from '../tls/handshake.ts';
import { tlsSession, type TlsSession } from '../tls/session.ts';
import { type QuicConnection, type Side, type Space, tlsInfo } from './connection.ts';
import { packetKeys, quicSuite } from './keys.ts';

const TLS13 = 0x0304;

export function quicTlsSession(conn: QuicConnection, pkt: PacketContext, side: Side): TlsSession {
  const s = tlsSession(tlsInfo(conn, pkt, side));
  s.transport = 'q';
  return s;
}

/** Adds CRYPTO data `b[o, o+len)` at stream offset `streamOffset` and dissects the messages it completes. */
export function cryptoData(
  conn: QuicConnection,
  space: Space,
  side: Side,
  streamOffset: number,
  b: Uint8Array,
  o: number,
  len: number,
  pkt: PacketContext,
  frame: FieldNode,
): void {
  const cs = conn.crypto[space][side];
  if (!cs.add(streamOffset, b.subarray(o, o + len))) return;
  const info = tlsInfo(conn, pkt, side);
  const s = quicTlsSession(conn, pkt, side);
  const t = pkt.tree;
  for (let m = cs.nextMessage(); m; m = cs.nextMessage()) {
    const [mo, ml] = m;
    const inFrame = mo >= streamOffset && mo + ml <= streamOffset + len;
    const saved = { protocol: pkt.cols.protocol, info: pkt.cols.info };
    const prevSource = t.source;
    try {
      let src = b;
      let at = o + (mo - streamOffset);
      if (!inFrame) {
        src = cs.bytes(mo, ml).slice();
        at = 0;
        t.source = t.addSource('Reassembled QUIC CRYPTO Data', src);
      }
      if (!pkt.protocols.includes('tls')) pkt.protocols.push('tls');
      const rec = t.add(frame, TLS.tls, at, ml, undefined);
      dissectHandshakeMessage(src.subarray(0, at + ml), at, pkt, rec, s, info, TLS13);
    } finally {
      t.source = prevSource;
      pkt.cols.protocol = saved.protocol;
      pkt.cols.info = saved.info;
    }
    deriveKeys(conn, s);
  }
}

const SECRETS: [TlsSecretLabel, TlsSecretLabel, TlsSecretLabel, TlsSecretLabel] = [
  'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
  'SERVER_HANDSHAKE_TRAFFIC_SECRET',
  'CLIENT_TRAFFIC_SECRET_0',
  'SERVER_TRAFFIC_SECRET_0',
];

/** With the ClientHello random and the suite known, takes this connection's traffic secrets from the key log. */
function deriveKeys(conn: QuicConnection, s: TlsSession): void {
  const d = tlsDecryption();
  if (!d || !s.clientRandom || s.cipherSuite < 0 || conn.appData[0]) return;
  const suite = quicSuite(s.cipherSuite);
  if (!suite) return;
  const secrets = SECRETS.map((label) => d.keys.secret(label, s.clientRandom!));
  const keys = secrets.map((sec) => (sec ? packetKeys(d.crypto, suite, sec, conn.version) : undefined));
  conn.handshake = [keys[0], keys[1]];
  conn.appData = [keys[2], keys[3]];
}

/** Has the ServerHello (and so the cipher suite) of this connection been seen? */
export function suiteKnown(conn: QuicConnection, pkt: PacketContext): boolean {
  return quicTlsSession(conn, pkt, 0).cipherSuite >= 0;
}
