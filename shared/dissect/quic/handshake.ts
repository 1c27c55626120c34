/**
 * CRYPTO frame data to TLS: each direction's stream is reassembled by offset and every handshake message it
 * completes is handed to the TLS handshake dissector, which leaves the QUIC Protocol and Info columns alone (as in
 * Wireshark). Once the ServerHello names the cipher suite, Handshake and 1-RTT keys come from the key log.
 */
import type { PacketContext } from '../context.ts';
import type { FieldNode } from '../tree.ts';
import { tlsDecryption, type TlsSecretLabel } from '../tls/crypto.ts';
import { F as TLS } from '../tls/fields.ts';
import { dissectHandshakeMessage, dissectHandshakeRecord } from '../tls/handshake.ts';
import { tlsSession, type TlsSession } from '../tls/session.ts';
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
 * Adds CRYPTO data `b[o, o+len)` at stream offset `streamOffset` and dissects what it completes. Data that arrives
 * strictly in order goes to TLS as a record body would (TLS gathers a message split over frames itself and shows
 * its fragments); data out of order is gathered here by offset, and each message it completes is dissected from
 * the reassembled bytes.
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
  const inOrder = streamOffset === cs.tlsAt && !cs.hasDataBeyond(cs.tlsAt);
  if (!cs.add(streamOffset, b.subarray(o, o + len), pkt.number)) return;
  const info = tlsInfo(conn, pkt, side);
  const s = quicTlsSession(conn, pkt, side);
  if (!pkt.protocols.includes('tls')) pkt.protocols.push('tls');
  if (inOrder) {
    const rec = pkt.tree.add(frame, TLS.tls, o, len, undefined);
    withColumnsKept(pkt, () =>
      dissectHandshakeRecord(b.subarray(0, o + len), o, len, pkt, rec, s, info, side === 1, TLS13),
    );
    cs.tlsAt = cs.delivered = streamOffset + len;
    deriveKeys(conn, s);
    return;
  }
  // Out of order: a message TLS holds the start of is gathered here instead.
  const pending = s.fragment[side];
  if (pending) {
    cs.delivered = cs.tlsAt - pending.have;
    s.fragment[side] = undefined;
  }
  const t = pkt.tree;
  let shared: FieldNode | undefined;
  for (let m = cs.nextMessage(); m; m = cs.nextMessage()) {
    const [mo, ml] = m;
    const inFrame = mo >= streamOffset && mo + ml <= streamOffset + len;
    const prevSource = t.source;
    const first = shared === undefined;
    try {
      if (inFrame) {
        const at = o + (mo - streamOffset);
        const rec = (shared ??= t.add(frame, TLS.tls, at, o + len - at, undefined));
        withColumnsKept(pkt, () =>
          dissectHandshakeMessage(b.subarray(0, at + ml), at, pkt, rec, s, info, TLS13, first),
        );
      } else {
        fragmentList(pkt, frame, cs, mo, ml);
        const rec = (shared ??= t.add(frame, TLS.tls, o, len, undefined));
        const whole = cs.bytes(mo, ml).slice();
        t.source = t.addSource('Reassembled QUIC CRYPTO Data', whole);
        withColumnsKept(pkt, () => dissectHandshakeMessage(whole, 0, pkt, rec, s, info, TLS13, first));
      }
    } finally {
      t.source = prevSource;
    }
    deriveKeys(conn, s);
  }
  cs.tlsAt = cs.delivered;
}

/** Runs TLS with the QUIC Protocol and Info columns kept as they are (Wireshark's QUIC makes them read-only). */
function withColumnsKept(pkt: PacketContext, run: () => void): void {
  const { protocol, info } = pkt.cols;
  try {
    run();
  } finally {
    pkt.cols.protocol = protocol;
    pkt.cols.info = info;
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
