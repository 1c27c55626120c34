/** Dissecting for the columns only (no field tree) must give exactly the columns of a full dissection. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../shared/capture/reader.ts';
import { emptyRecord } from '../shared/capture/record.ts';
import { BufferSource } from '../shared/capture/source.ts';
import { Dissection } from '../shared/dissect/packet.ts';
import { CAPTURES, goldenCaptures } from './golden-support.ts';
import { oneConnection, pcapOf } from './synthetic.ts';

function columns(file: Uint8Array, buildTree: boolean): string[] {
  const opened = openCapture(new BufferSource(file));
  if (!opened.ok) return [];
  const d = new Dissection(undefined, buildTree);
  const out: string[] = [];
  const rec = emptyRecord();
  let n = 0;
  while (opened.reader.next(rec)) {
    const p = d.dissect(++n, rec, file.slice(rec.dataOffset, rec.dataOffset + rec.caplen));
    out.push(`${p.cols.src}\t${p.cols.dst}\t${p.cols.protocol}\t${p.cols.info}`);
  }
  return out;
}

describe('columns-only dissection', () => {
  const files: [string, Uint8Array][] = [['synthetic TLS', pcapOf(oneConnection(5000, 3))]];
  for (const c of goldenCaptures()) files.push([c, new Uint8Array(readFileSync(join(CAPTURES, c)))]);
  for (const [name, bytes] of files)
    it(`matches the full dissection: ${name}`, () => {
      expect(columns(bytes, false)).toEqual(columns(bytes, true));
    });
});
