/**
 * The bench's index pass: every record of a capture read with the app's reader (`openCaptureFile`, `reader.next`)
 * into the app's growable typed-array columns (where its bytes are, its lengths and timestamps). A function of its
 * own, so V8 optimizes the loop as it does the app's, and not as top-level module code.
 */
import { openCaptureFile } from '../../electron/backend/capture-file.ts';
import { Column } from '../../electron/backend/packet-index.ts';
import { emptyRecord } from '../../shared/capture/record.ts';

export interface RecordIndex {
  count: number;
  offset: Column<Float64Array>;
  caplen: Column<Uint32Array>;
  origlen: Column<Uint32Array>;
  tsSec: Column<Float64Array>;
  tsNsec: Column<Uint32Array>;
  /** A problem that stopped reading before the end (a file cut short), if any. */
  problem: string | undefined;
}

/** Reads every record of `path` into typed-array columns. */
export function indexRecords(path: string): RecordIndex {
  const cap = openCaptureFile(path);
  const index: RecordIndex = {
    count: 0,
    offset: new Column(Float64Array),
    caplen: new Column(Uint32Array),
    origlen: new Column(Uint32Array),
    tsSec: new Column(Float64Array),
    tsNsec: new Column(Uint32Array),
    problem: undefined,
  };
  const rec = emptyRecord();
  let n = 0;
  while (cap.reader.next(rec)) {
    const i = n++;
    if (n > index.offset.data.length) {
      for (const c of [index.offset, index.caplen, index.origlen, index.tsSec, index.tsNsec]) c.ensure(n);
    }
    index.offset.data[i] = rec.dataOffset;
    index.caplen.data[i] = rec.caplen;
    index.origlen.data[i] = rec.origlen;
    index.tsSec.data[i] = rec.tsSec;
    index.tsNsec.data[i] = rec.tsNsec;
  }
  index.count = n;
  index.problem = cap.reader.problem?.message;
  cap.source.close();
  return index;
}

/** Bytes the columns hold per indexed packet. */
export function indexBytesPerPacket(index: RecordIndex): number {
  const held = [index.offset, index.caplen, index.origlen, index.tsSec, index.tsNsec].reduce((s, c) => s + c.bytes, 0);
  return index.count ? held / index.count : 0;
}
