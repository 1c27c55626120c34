/** Tells a dropped NSS key log (SSLKEYLOGFILE) from a capture file by its first lines. */
const KEY_LOG_LINE =
  /^(CLIENT_RANDOM|CLIENT_EARLY_TRAFFIC_SECRET|CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0|EARLY_EXPORTER_SECRET|EXPORTER_SECRET|RSA) [0-9a-fA-F]{16,} [0-9a-fA-F]+\s*$/m;

export function looksLikeKeyLog(head: string): boolean {
  return KEY_LOG_LINE.test(head);
}
