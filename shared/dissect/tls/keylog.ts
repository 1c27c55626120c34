/**
 * NSS key log files (the SSLKEYLOGFILE format): one `LABEL <client random hex> <secret hex>` per line, `#` comments.
 * The same text is what a pcapng Decryption Secrets Block of type TLSK carries.
 */
import type { TlsKeySource, TlsSecretLabel } from './crypto.ts';

/** The Decryption Secrets Block type of TLS key logs ('TLSK'). */
export const DSB_TLS_KEY_LOG = 0x544c534b;

const LABELS: ReadonlySet<string> = new Set<TlsSecretLabel>([
  'CLIENT_RANDOM',
  'CLIENT_EARLY_TRAFFIC_SECRET',
  'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
  'SERVER_HANDSHAKE_TRAFFIC_SECRET',
  'CLIENT_TRAFFIC_SECRET_0',
  'SERVER_TRAFFIC_SECRET_0',
  'EARLY_EXPORTER_SECRET',
  'EXPORTER_SECRET',
]);

export function hexToBytes(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

export interface KeyLogStats {
  /** Lines that carried a secret. */
  added: number;
  /** Non-empty, non-comment lines that were not understood. */
  ignored: number;
}

/** Secrets from any number of key logs, by label and client random. */
export class TlsKeyLog implements TlsKeySource {
  private readonly byLabel = new Map<string, Map<string, Uint8Array>>();
  private readonly rsa = new Map<string, Uint8Array>();

  /** Adds every line of a key log; later lines for the same label and random replace earlier ones. */
  addText(text: string): KeyLogStats {
    const stats: KeyLogStats = { added: 0, ignored: 0 };
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const parts = line.split(/\s+/);
      if (parts.length !== 3) {
        stats.ignored++;
        continue;
      }
      const [label, idHex, secretHex] = parts as [string, string, string];
      const id = hexToBytes(idHex);
      const secret = hexToBytes(secretHex);
      if (!id || !secret || secret.length === 0) {
        stats.ignored++;
        continue;
      }
      if (label === 'RSA' && id.length === 8) {
        this.rsa.set(idHex.toLowerCase(), secret);
        stats.added++;
      } else if (LABELS.has(label) && id.length === 32) {
        let m = this.byLabel.get(label);
        if (!m) this.byLabel.set(label, (m = new Map()));
        m.set(idHex.toLowerCase(), secret);
        stats.added++;
      } else stats.ignored++;
    }
    return stats;
  }

  /** A pcapng Decryption Secrets Block: TLS key logs are added, other secret types ignored. */
  addSecretsBlock(secretsType: number, data: Uint8Array): KeyLogStats {
    if (secretsType !== DSB_TLS_KEY_LOG) return { added: 0, ignored: 0 };
    return this.addText(new TextDecoder().decode(data));
  }

  get size(): number {
    let n = this.rsa.size;
    for (const m of this.byLabel.values()) n += m.size;
    return n;
  }

  hasKeys(): boolean {
    return this.size > 0;
  }

  secret(label: TlsSecretLabel, clientRandom: Uint8Array): Uint8Array | undefined {
    return this.byLabel.get(label)?.get(bytesToHex(clientRandom));
  }

  rsaPremaster(encryptedPrefix: Uint8Array): Uint8Array | undefined {
    return this.rsa.get(bytesToHex(encryptedPrefix.subarray(0, 8)));
  }
}
