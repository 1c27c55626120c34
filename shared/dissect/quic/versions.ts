/** QUIC versions (RFC 9000, RFC 9369 and the IETF drafts): names, Initial salts and the labels of their keys. */

export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Initial salts: RFC 9001 §5.2 (v1, drafts 33–34), RFC 9369 §3.3.1 (v2), and those of drafts 23–28 and 29–32. */
const SALT_V1 = hexBytes('38762cf7f55934b34d179ae6a4c80cadccbb7f0a');
const SALT_V2 = hexBytes('0dede3def700a6db819381be6e269dcbf9bd2ed9');
const SALT_DRAFT_29 = hexBytes('afbfec289993d24c9e9786f19c6111e04390a899');
const SALT_DRAFT_23 = hexBytes('c3eef712c72ebb5a11a7d2432bb46365bef9f502');

function draftNumber(v: number): number {
  return (v & 0xffffff00) >>> 0 === 0xff000000 ? v & 0xff : 0;
}

/** Is this a version whose Initial packets can be decrypted (and that the UDP heuristic accepts)? */
export function isKnownVersion(v: number): boolean {
  if (v === QUIC_V1 || v === QUIC_V2) return true;
  const d = draftNumber(v);
  return d >= 22 && d <= 34;
}

export function initialSalt(v: number): Uint8Array | undefined {
  if (v === QUIC_V1) return SALT_V1;
  if (v === QUIC_V2) return SALT_V2;
  const d = draftNumber(v);
  if (d >= 33) return SALT_V1;
  if (d >= 29) return SALT_DRAFT_29;
  if (d >= 22) return SALT_DRAFT_23;
  return undefined;
}

/** The prefix of the key, iv, hp and ku labels: "quicv2 " for version 2, "quic " otherwise. */
export function labelPrefix(v: number): string {
  return v === QUIC_V2 ? 'quicv2 ' : 'quic ';
}

export const LONG_INITIAL = 0;
export const LONG_0RTT = 1;
export const LONG_HANDSHAKE = 2;
export const LONG_RETRY = 3;

/** The packet type of a long header's two type bits: v2 numbers them differently (RFC 9369 §3.2). */
export function longPacketType(v: number, bits: number): number {
  if (v !== QUIC_V2) return bits;
  return [LONG_RETRY, LONG_INITIAL, LONG_0RTT, LONG_HANDSHAKE][bits & 3]!;
}

export const LONG_TYPE_NAMES = ['Initial', '0-RTT', 'Handshake', 'Retry'] as const;

/** The Version field's label value, as Wireshark names versions. */
export function versionName(v: number): string {
  if (v === 0) return 'Version Negotiation';
  if (v === QUIC_V1) return '1';
  if (v === QUIC_V2) return '2';
  const d = draftNumber(v);
  if (d) return `draft-${d}`;
  return 'Unknown';
}
