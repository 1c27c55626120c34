/**
 * A filter pass keeps only the fields the filter reads, skips labels and (in the backend and the bench) the columns
 * and the layers the fields do not need: it must match exactly the packets a full dissection matches, with the same
 * values in the fields it keeps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../shared/capture/reader.ts';
import { emptyRecord } from '../shared/capture/record.ts';
import { BufferSource } from '../shared/capture/source.ts';
import { depthFor } from '../shared/dissect/depth.ts';
import { fieldsValue } from '../shared/dissect/format.ts';
import { Dissection, type DissectedPacket } from '../shared/dissect/packet.ts';
import { registerDissectors } from '../shared/dissect/registry.ts';
import { walk } from '../shared/dissect/tree.ts';
import { compileFilter, type CompiledFilter } from '../shared/filter/index.ts';
import { CAPTURES, goldenCaptures, REPO } from './golden-support.ts';
import { oneConnection, pcapOf } from './synthetic.ts';

const OWN_FILTERS = [
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
  // Certificates are decoded, and the weak-crypto checks run, only when such fields are read.
  'x509ce.dNSName contains "a" || x509af.version == 2',
  'frame.protocols contains "x509sat"',
  '_ws.expert.group == "Security" || tls.insight.weak_cipher_offered',
];

/** The recorded tshark filters that stop below the application layer, where passes differ the most. */
function shallowGoldenFilters(): string[] {
  registerDissectors();
  const goldens = JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'filter-goldens.json'), 'utf8')) as {
    filters: string[];
  };
  return goldens.filters.filter((f) => {
    const r = compileFilter(f);
    return r.ok && depthFor(r.filter.fields) !== 'all';
  });
}

function compiled(texts: readonly string[]): CompiledFilter[] {
  return texts.map((text) => {
    const r = compileFilter(text);
    if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
    return r.filter;
  });
}

/** Whether the packet matched, and the text of every node of a field the filter reads. */
function line(p: DissectedPacket, filter: CompiledFilter, frame: Uint8Array): string {
  const fields = new Set(filter.fields);
  const kept: string[] = [];
  for (const node of walk(p.tree.roots))
    if (node.def && fields.has(node.def.abbrev) && node.def.type !== 'protocol')
      kept.push(`${node.def.abbrev}=${fieldsValue(node.def, node.value)}`);
  return `${filter.matches({ tree: p.tree, frame })} ${kept.join(' ')}`;
}

/** The lines of every filter (or only of `one`) over one pass of dissection `d` over the file. */
function pass(file: Uint8Array, filters: readonly CompiledFilter[], d: Dissection, one?: CompiledFilter): string[][] {
  const opened = openCapture(new BufferSource(file));
  const out: string[][] = filters.map(() => []);
  if (!opened.ok) return out;
  const rec = emptyRecord();
  let n = 0;
  while (opened.reader.next(rec)) {
    const bytes = file.slice(rec.dataOffset, rec.dataOffset + rec.caplen);
    const p = d.dissect(++n, rec, bytes);
    filters.forEach((f, i) => {
      if (!one || f === one) out[i]!.push(line(p, f, bytes));
    });
  }
  return out;
}

describe('filter passes with only the fields a filter reads', () => {
  const filters = compiled([...OWN_FILTERS, ...shallowGoldenFilters()]);
  const files: [string, Uint8Array][] = [['synthetic TLS', pcapOf(oneConnection(5000, 3))]];
  for (const c of goldenCaptures()) files.push([c, new Uint8Array(readFileSync(join(CAPTURES, c)))]);
  for (const [name, bytes] of files)
    it(`match like the full dissection: ${name}`, () => {
      const full = pass(bytes, filters, new Dissection());
      filters.forEach((f, i) => {
        const fields = new Set(f.fields);
        // With the columns (the CLI's -Y) as well as without (the backend's filter runs and the bench).
        if (i < OWN_FILTERS.length)
          expect(pass(bytes, filters, new Dissection(undefined, fields), f)[i], f.text).toEqual(full[i]);
        expect(pass(bytes, filters, new Dissection(undefined, fields, false), f)[i], f.text).toEqual(full[i]);
      });
      // The synthetic connection matches most of the filters, so the comparison is not vacuous.
      const matched = full.filter((lines) => lines.some((l) => l.startsWith('true'))).length;
      if (name === 'synthetic TLS') expect(matched).toBeGreaterThan(OWN_FILTERS.length);
    });
});
