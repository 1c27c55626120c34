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
import { handshakeTypes } from '../tls/tables.ts';
import { type QuicConnection, type Side, type Space, tlsInfo } from './connection.ts';
import type { CryptoStream } from './crypto-stream.ts';
import { F } from './fields.ts';
import { AppKeys } from './key-update.ts';
import { packetKeys, quicSuite } from './keys.ts';

const TLS13 = 0x0304;

export function quicTlsSession(conn: QuicConnection, pkt: PacketContext, side: Side): TlsSession {
  const s = tlsSession(tlsInfo(conn, pkt, side));
  s.transport = 'q';
  return s;
}

/**
 * Adds CRYPTO data `b[o, o+len)` at stream offset `streamOffset` and dissects the messages it completes: those
 * lying within this frame's data share one TLS item under the frame (as Wireshark shows several messages of one
 * record), a message gathered from several frames gets its own item over the reassembled bytes.
 */
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
  const inOrder = streamOffset <= cs.contiguousEnd();
  if (!cs.add(streamOffset, b.subarray(o, o + len), pkt.number)) return;
  const info = tlsInfo(conn, pkt, side);
  const s = quicTlsSession(conn, pkt, side);
  const t = pkt.tree;
  let shared: FieldNode | undefined;
  for (let m = cs.nextMessage(); m; m = cs.nextMessage()) {
    const [mo, ml] = m;
    const inFrame = mo >= streamOffset && mo + ml <= streamOffset + len;
    const saved = { protocol: pkt.cols.protocol, info: pkt.cols.info };
    const prevSource = t.source;
    if (!pkt.protocols.includes('tls')) pkt.protocols.push('tls');
    try {
      const first = shared === undefined;
      if (inFrame) {
        const at = o + (mo - streamOffset);
        shared ??= t.add(frame, TLS.tls, at, o + len - at, undefined);
        dissectHandshakeMessage(b.subarray(0, at + ml), at, pkt, shared, s, info, TLS13, first);
      } else {
        fragmentList(pkt, frame, cs, mo, ml);
        shared ??= t.add(frame, TLS.tls, o, len, undefined);
        const whole = cs.bytes(mo, ml).slice();
        t.source = t.addSource('Reassembled QUIC CRYPTO Data', whole);
        dissectHandshakeMessage(whole, 0, pkt, shared, s, info, TLS13, first);
      }
    } finally {
      t.source = prevSource;
      pkt.cols.protocol = saved.protocol;
      pkt.cols.info = saved.info;
    }
    deriveKeys(conn, s);
  }
  // Data that arrived in order and ends inside a message: Wireshark shows the start of that message as a fragment.
  const end = streamOffset + len;
  const type = cs.pendingType();
  if (inOrder && type >= 0 && cs.delivered < end && !cs.hasDataBeyond(end)) {
    const name = handshakeTypes.get(type) ?? 'Encrypted Handshake Message';
    const at = o + Math.max(0, cs.delivered - streamOffset);
    if (shared) shared.label = 'TLSv1.3 Record Layer: Handshake Protocol: Multiple Handshake Messages';
    else {
      if (!pkt.protocols.includes('tls')) pkt.protocols.push('tls');
      shared = t.add(frame, TLS.tls, at, o + len - at, undefined, {
        label: `TLSv1.3 Record Layer: Handshake Protocol: ${name} (fragment)`,
      });
    }
    t.add(shared, TLS['tls.handshake'], at, o + len - at, undefined, {
      label: `Handshake Protocol: ${name} (fragment)`,
    });
  }
}

/** "[N Reassembled QUIC CRYPTO Data Fragments (S bytes): #F(n), …]" for a message gathered out of order. */
function fragmentList(pkt: PacketContext, frame: FieldNode, cs: CryptoStream, mo: number, ml: number): void {
  const t = pkt.tree;
  const pieces = cs.piecesOf(mo, mo + ml);
  // Data that arrived in order is gathered by TLS itself (shown as handshake fragments), not listed here.
  if (!pieces.some((p) => p.outOfOrder)) return;
  const list = pieces.map((p) => `#${p.frame}(${p.end - p.start})`).join(', ');
  const node = t.add(frame, F['quic.crypto.fragments'], 0, 0, undefined, {
    label: `[${pieces.length} Reassembled QUIC CRYPTO Data Fragments (${ml} bytes): ${list}]`,
  });
  for (const p of pieces) {
    const n = p.end - p.start;
    t.add(node, F['quic.crypto.fragment'], 0, 0, p.frame, {
      label: `[Frame: ${p.frame}, payload: ${p.start - mo}-${p.end - mo - 1} (${n} byte${n === 1 ? '' : 's'})]`,
      generated: true,
    });
  }
  t.add(node, F['quic.crypto.fragment.count'], 0, 0, pieces.length, { generated: true });
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
  const keys = (i: number) => {
    const sec = secrets[i];
    return sec ? packetKeys(d.crypto, suite, sec, conn.version) : undefined;
  };
  const app = (i: number) => {
    const sec = secrets[i];
    return sec ? AppKeys.fromSecret(d.crypto, suite, sec, conn.version) : undefined;
  };
  // Like tshark, a packet number space is decrypted only when the key log holds both sides' secrets for it.
  if (secrets[0] && secrets[1]) conn.handshake = [keys(0), keys(1)];
  if (secrets[2] && secrets[3]) conn.appData = [app(2), app(3)];
}

/** Has the ServerHello (and so the cipher suite) of this connection been seen? */
export function suiteKnown(conn: QuicConnection, pkt: PacketContext): boolean {
  return quicTlsSession(conn, pkt, 0).cipherSuite >= 0;
}
