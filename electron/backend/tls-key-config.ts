/**
 * The TLS keys a session decrypts with, as the backend keeps them between files: key log texts and RSA private
 * keys (PEM text), each with the name the user knows it by. Passed to the index worker with every open (same
 * process: keys never reach the renderer), where `installTlsKeys` turns them into the decryption provider.
 */
import { TlsKeyLog } from '../../shared/dissect/tls/keylog.ts';
import type { TlsKeySourceInfo } from '../../shared/protocol/tls.ts';
import { installTlsDecryption } from './tls-crypto.ts';
import type { TlsKeyStore } from './tls-key-store.ts';
import { parseRsaPrivateKey } from './tls-rsa-keys.ts';

export interface TlsKeyConfig {
  keylogs: { name: string; text: string }[];
  rsaKeys: { name: string; pem: string; password: string }[];
}

export function emptyTlsKeyConfig(): TlsKeyConfig {
  return { keylogs: [], rsaKeys: [] };
}

/** Installs decryption with these keys (and the capture's own pcapng secrets); unusable RSA keys are skipped. */
export function installTlsKeys(config: TlsKeyConfig): TlsKeyStore {
  const store = installTlsDecryption();
  for (const k of config.keylogs) store.addText(k.text);
  for (const k of config.rsaKeys) {
    try {
      store.rsa.add(parseRsaPrivateKey(k.pem, k.password));
    } catch {
      // Checked when the key was added; a key that stopped parsing simply decrypts nothing.
    }
  }
  return store;
}

/** What the renderer may know about the keys: names and counts. */
export function describeTlsKeys(config: TlsKeyConfig): TlsKeySourceInfo[] {
  return [
    ...config.keylogs.map((k): TlsKeySourceInfo => ({
      kind: 'keylog',
      name: k.name,
      keys: new TlsKeyLog().addText(k.text).added,
    })),
    ...config.rsaKeys.map((k): TlsKeySourceInfo => ({ kind: 'rsa', name: k.name, keys: 1 })),
  ];
}
