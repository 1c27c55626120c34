/**
 * One side's 1-RTT keys across key updates (RFC 9001 §6): a packet whose Key Phase bit differs from the current
 * phase is protected with the next generation (secret from "quic ku"; the header protection key never changes).
 */
import type { TlsCrypto } from '../tls/crypto.ts';
import { HASH_LEN, hkdfExpandLabel } from '../tls/prf.ts';
import { packetKeys, type PacketKeys, type SuiteCiphers } from './keys.ts';
import { labelPrefix } from './versions.ts';

const NONE = new Uint8Array(0);

export class AppKeys {
  /** The Key Phase bit of the current generation. */
  phase = 0;
  private nextGen: { keys: PacketKeys; secret: Uint8Array } | undefined;

  constructor(
    private keys: PacketKeys,
    private secret: Uint8Array,
    private readonly suite: SuiteCiphers,
    private readonly version: number,
  ) {}

  static fromSecret(c: TlsCrypto, suite: SuiteCiphers, secret: Uint8Array, version: number): AppKeys {
    return new AppKeys(packetKeys(c, suite, secret, version), secret, suite, version);
  }

  /** The current generation (its header protection key serves every generation). */
  get current(): PacketKeys {
    return this.keys;
  }

  /** The keys for a packet whose Key Phase bit is `bit`. */
  forPhase(c: TlsCrypto, bit: number): PacketKeys {
    return bit === this.phase ? this.keys : this.next(c).keys;
  }

  /** A packet in the other phase decrypted: the next generation becomes the current one. */
  advance(c: TlsCrypto): void {
    const n = this.next(c);
    this.keys = n.keys;
    this.secret = n.secret;
    this.nextGen = undefined;
    this.phase ^= 1;
  }

  private next(c: TlsCrypto): { keys: PacketKeys; secret: Uint8Array } {
    if (!this.nextGen) {
      const hash = this.suite.hash;
      const secret = hkdfExpandLabel(c, hash, this.secret, `${labelPrefix(this.version)}ku`, NONE, HASH_LEN[hash]);
      const fresh = packetKeys(c, this.suite, secret, this.version);
      this.nextGen = { keys: { ...fresh, hp: this.keys.hp }, secret };
    }
    return this.nextGen;
  }
}
