/**
 * RSA private keys for TLS's RSA key exchange: PEM files (PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY",
 * encrypted ones with their password) loaded with `node:crypto`, and the pre-master secret they open. Node no
 * longer does PKCS#1 v1.5 unpadding for private decryption (CVE-2023-46809), so the raw RSA operation runs in
 * OpenSSL and the block type 2 padding is checked here.
 */
import { constants, createPrivateKey, type KeyObject, privateDecrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';

export class RsaKeyError extends Error {}

/** The length of a TLS pre-master secret (client version + 46 random bytes). */
const PREMASTER_LEN = 48;

/** Parses one PEM private key; throws RsaKeyError when it is not an RSA private key or the password is wrong. */
export function parseRsaPrivateKey(pem: string | Uint8Array, password = ''): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({
      key: typeof pem === 'string' ? pem : Buffer.from(pem),
      format: 'pem',
      passphrase: password,
    });
  } catch (e) {
    throw new RsaKeyError(`not a readable PEM private key (${(e as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw new RsaKeyError(`a ${key.asymmetricKeyType ?? 'non-RSA'} key, not RSA`);
  return key;
}

/** The message inside a PKCS#1 v1.5 encryption block (00 02 nonzero-padding 00 message), or undefined. */
export function unpadPkcs1Type2(block: Uint8Array): Uint8Array | undefined {
  if (block.length < 11 || block[0] !== 0 || block[1] !== 2) return undefined;
  let i = 2;
  while (i < block.length && block[i] !== 0) i++;
  if (i >= block.length || i < 10) return undefined;
  return block.slice(i + 1);
}

/** The private keys one analyst configured; each is tried on a ClientKeyExchange until one opens it. */
export class RsaKeyRing {
  private readonly keys: KeyObject[] = [];

  add(key: KeyObject): void {
    this.keys.push(key);
  }

  addFile(path: string, password = ''): void {
    this.add(parseRsaPrivateKey(readFileSync(path), password));
  }

  get size(): number {
    return this.keys.length;
  }

  /** The 48-byte pre-master secret, when one of the keys decrypts `encrypted` to a well-formed one. */
  decryptPremaster(encrypted: Uint8Array): Uint8Array | undefined {
    for (const key of this.keys) {
      const bytes = (key.asymmetricKeyDetails?.modulusLength ?? 0) >> 3;
      if (encrypted.length !== bytes) continue;
      let block: Buffer;
      try {
        block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, encrypted);
      } catch {
        continue;
      }
      const premaster = unpadPkcs1Type2(new Uint8Array(block.buffer, block.byteOffset, block.length));
      if (premaster?.length === PREMASTER_LEN) return premaster;
    }
    return undefined;
  }
}
