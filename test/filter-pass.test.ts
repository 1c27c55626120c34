/**
 * A filter pass keeps only the fields the filter reads, skips labels and (for the bench) the columns: it must match
 * exactly the packets a full dissection matches, with the same values in the fields it keeps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../shared/capture/reader.ts';
import { emptyRecord } from '../shared/capture/record.ts';
import { BufferSource } from '../shared/capture/source.ts';
import { fieldsValue } from '../shared/dissect/format.ts';
import { Dissection } from '../shared/dissect/packet.ts';
import { walk } from '../shared/dissect/tree.ts';
import { compileFilter, type CompiledFilter } from '../shared/filter/index.ts';
import { CAPTURES, goldenCaptures } from './golden-support.ts';
import { oneConnection, pcapOf } from './synthetic.ts';

const FILTERS = [
  'tls',
  'tls.handshake.type == 1',
  'tls.handshake.extensions_server_name contains "example"',
  'ip.addr == 10.0.0.0/8 && tcp.port == 443',
  'frame.len > 1000',
  'tcp.flags.str contains "S"',
  'tcp.len > 0 && tcp.flags.syn == 0 && tcp.hdr_len == 32',
  'tcp.window_size_value < 1000 || tcp.urgent_pointer != 0 || tcp.checksum == 0',
  'tcp.stream == 1 || tcp.analysis.flags || tcp.seq == 1',
  'frame.time_relative > 0.001',
  'tls.handshake.ja3',
  'eth.addr == ff:ff:ff:ff:ff:ff || ip.ttl < 255',
];

/** Per packet: whether it matched, and the text of every kept node (field name = values). */
function pass(file: Uint8Array, filter: CompiledFilter, tree: 'full' | 'fields', columns: boolean): string[] {
  const opened = openCapture(new BufferSource(file));
  if (!opened.ok) return [];
  const fields = new Set(filter.fields);
  const d = new Dissection(undefined, tree === 'full' ? true : fields, columns);
  const out: string[] = [];
  const rec = emptyRecord();
  let n = 0;
  while (opened.reader.next(rec)) {
    const bytes = file.slice(rec.dataOffset, rec.dataOffset + rec.caplen);
    const p = d.dissect(++n, rec, bytes);
    const kept: string[] = [];
    for (const node of walk(p.tree.roots))
      if (node.def && fields.has(node.def.abbrev) && node.def.type !== 'protocol')
        kept.push(`${node.def.abbrev}=${fieldsValue(node.def, node.value)}`);
    out.push(`${filter.matches({ tree: p.tree, frame: bytes })} ${kept.join(' ')}`);
  }
  return out;
}

describe('filter passes with only the fields a filter reads', () => {
  const files: [string, Uint8Array][] = [['synthetic TLS', pcapOf(oneConnection(5000, 3))]];
  for (const c of goldenCaptures()) files.push([c, new Uint8Array(readFileSync(join(CAPTURES, c)))]);
  for (const [name, bytes] of files)
    it(`match like the full dissection: ${name}`, () => {
      let matched = 0;
      for (const text of FILTERS) {
        const compiled = compileFilter(text);
        if (!compiled.ok) throw new Error(compiled.error.message);
        const full = pass(bytes, compiled.filter, 'full', true);
        expect(pass(bytes, compiled.filter, 'fields', true), text).toEqual(full);
        expect(pass(bytes, compiled.filter, 'fields', false), text).toEqual(full);
        matched += full.filter((l) => l.startsWith('true')).length;
      }
      // The synthetic connection matches every filter above but the broadcast one, so the test is not vacuous.
      if (name === 'synthetic TLS') expect(matched).toBeGreaterThan(FILTERS.length);
    });
});
