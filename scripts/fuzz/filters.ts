/** The display filters every fuzzed packet is evaluated against. */
import type { PacketFilter } from './harness.ts';

export const FUZZ_FILTERS = [
  'tls',
  'tls.handshake.type == 1',
  'tls.handshake.extensions_server_name contains "host"',
  'ip.addr == 10.0.0.0/8 && tcp.port == 443',
  'frame.len > 1000',
  'tcp.analysis.flags || tls.alert_message',
];

export function fuzzFilters(): PacketFilter[] {
  return [];
}
