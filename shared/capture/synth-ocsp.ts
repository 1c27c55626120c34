/**
 * Builds DER OCSP messages (RFC 6960) for fixtures: a request for one certificate with a nonce, and a signed
 * BasicOCSPResponse (responder by key hash) saying that certificate was revoked (superseded).
 */

/** DER: tag, definite length (short or long form), content. */
export function der(tag: number, ...content: readonly (readonly number[])[]): number[] {
  const body = content.flatMap((c) => [...c]);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return [tag, ...len, ...body];
}

const seq = (...c: number[][]) => der(0x30, ...c);
const ascii = (s: string) => [...new TextEncoder().encode(s)];
const SHA1 = der(0x06, [0x2b, 0x0e, 0x03, 0x02, 0x1a]);
const NONCE_OID = der(0x06, [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02]);
const BASIC_OID = der(0x06, [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01]);
const SHA256_RSA = der(0x06, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]);

/** The values the fixtures carry, for tests to compare with. */
export const OCSP_FIXTURE = {
  nameHash: new Array<number>(20).fill(0x11),
  keyHash: new Array<number>(20).fill(0x22),
  serial: [0x01, 0x0b, 0xf4, 0x5e],
  nonce: [9, 8, 7, 6, 5, 4, 3, 2],
  signature: new Array<number>(16).fill(0xab),
  producedAt: '20150707162834Z',
  revokedAt: '20150514145849Z',
  nextUpdate: '20150929011242Z',
  /** CRLReason superseded. */
  reason: 4,
};

function certId(): number[] {
  const f = OCSP_FIXTURE;
  return seq(seq(SHA1, [5, 0]), der(0x04, f.nameHash), der(0x04, f.keyHash), der(0x02, f.serial));
}

export function ocspRequest(): number[] {
  const nonceExt = seq(NONCE_OID, der(0x04, der(0x04, OCSP_FIXTURE.nonce)));
  return seq(seq(seq(seq(certId())), der(0xa2, seq(nonceExt))));
}

export function ocspResponse(): number[] {
  const f = OCSP_FIXTURE;
  const revoked = der(0xa1, der(0x18, ascii(f.revokedAt)), der(0xa0, der(0x0a, [f.reason])));
  const single = seq(certId(), revoked, der(0x18, ascii(f.producedAt)), der(0xa0, der(0x18, ascii(f.nextUpdate))));
  const data = seq(der(0xa2, der(0x04, f.keyHash)), der(0x18, ascii(f.producedAt)), seq(single));
  const basic = seq(data, seq(SHA256_RSA, [5, 0]), der(0x03, [0, ...f.signature]));
  return seq(der(0x0a, [0]), der(0xa0, seq(BASIC_OID, der(0x04, basic))));
}
