/** The display filters every fuzzed packet is evaluated against, and mutated filter strings for the compiler. */
import type { FieldTree } from '../../shared/dissect/tree.ts';
import { compileFilter } from '../../shared/filter/index.ts';
import type { PacketFilter } from './harness.ts';
import type { Rng } from './mutate.ts';

export const FUZZ_FILTERS = [
  'tls',
  'tls.handshake.type == 1',
  'tls.handshake.extensions_server_name contains "host"',
  'ip.addr == 10.0.0.0/8 && tcp.port == 443',
  'frame.len > 1000',
  'tcp.analysis.flags || tls.alert_message',
  'tls.handshake.extensions_server_name matches "^[a-z0-9.-]+$"',
  'tls.record.length > 16384 or tls.handshake.length > 65535',
  'tcp.payload[0:2] == 16:03 && !(tls.record.version in {0x0301..0x0304})',
  'dns.qry.name contains "a" || http.request.method == "GET" || icmp.type == 8',
];

/** FUZZ_FILTERS compiled; each evaluates against the packet's full field tree. */
export function fuzzFilters(): PacketFilter[] {
  return FUZZ_FILTERS.map((text) => {
    const compiled = compileFilter(text);
    if (!compiled.ok)
      throw new Error(`fuzz filter ${JSON.stringify(text)} does not compile: ${compiled.error.message}`);
    const { filter } = compiled;
    return (p, frame) => filter.matches({ tree: p.tree, frame });
  });
}

const FILTER_ALPHABET = ' ()[]{}!=<>~&|^"\\.:,-+*/%$@0123456789abcdefxyzABCDEF\tqrstuvw';

/** A fuzzed filter string: one of FUZZ_FILTERS with a few characters flipped, inserted, deleted or repeated. */
export function mutateFilter(rng: Rng): string {
  let s = rng.pick(FUZZ_FILTERS);
  const edits = 1 + rng.int(4);
  for (let i = 0; i < edits; i++) {
    const at = rng.int(s.length + 1);
    const ch = FILTER_ALPHABET[rng.int(FILTER_ALPHABET.length)]!;
    switch (rng.int(4)) {
      case 0:
        s = s.slice(0, at) + ch + s.slice(at + 1);
        break;
      case 1:
        s = s.slice(0, at) + ch + s.slice(at);
        break;
      case 2:
        s = s.slice(0, at) + s.slice(at + 1 + rng.int(3));
        break;
      default:
        s = s.slice(0, at) + s.slice(at, at + 1 + rng.int(8)).repeat(2 + rng.int(20)) + s.slice(at);
    }
  }
  return s;
}

/**
 * Compiles a fuzzed filter string and, when it compiles, evaluates it on a packet. Returns what went wrong
 * (an exception, or compile+evaluate taking longer than `ms`), or undefined.
 */
export function checkFilterString(
  text: string,
  input: { tree: FieldTree; frame: Uint8Array } | undefined,
  ms: number,
): string | undefined {
  const t0 = performance.now();
  try {
    const compiled = compileFilter(text);
    if (compiled.ok && input) compiled.filter.matches(input);
  } catch (e) {
    return `filter ${JSON.stringify(text)} threw: ${e instanceof Error ? e.message : String(e)}`;
  }
  const took = performance.now() - t0;
  return took > ms ? `filter ${JSON.stringify(text)} took ${took.toFixed(1)} ms` : undefined;
}
