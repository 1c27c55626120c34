/**
 * Every TLS key the backend holds, as one key source: NSS key log lines (files, dropped or uploaded text, pcapng
 * Decryption Secrets Blocks) and RSA private keys. It lives only in the backend process.
 */
import type { TlsKeySource, TlsSecretLabel } from '../../shared/dissect/tls/crypto.ts';
import { type KeyLogStats, TlsKeyLog } from '../../shared/dissect/tls/keylog.ts';
import { RsaKeyRing } from './tls-rsa-keys.ts';

export class TlsKeyStore implements TlsKeySource {
  readonly keylog = new TlsKeyLog();
  readonly rsa = new RsaKeyRing();

  addText(text: string): KeyLogStats {
    return this.keylog.addText(text);
  }

  addSecretsBlock(secretsType: number, data: Uint8Array): KeyLogStats {
    return this.keylog.addSecretsBlock(secretsType, data);
  }

  hasKeys(): boolean {
    return this.keylog.hasKeys() || this.rsa.size > 0;
  }

  secret(label: TlsSecretLabel, clientRandom: Uint8Array): Uint8Array | undefined {
    return this.keylog.secret(label, clientRandom);
  }

  rsaPremaster(encrypted: Uint8Array): Uint8Array | undefined {
    return this.keylog.rsaPremaster(encrypted) ?? this.rsa.decryptPremaster(encrypted);
  }
}
