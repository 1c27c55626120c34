/**
 * `npm run fuzz -- [--seconds N] [--seed S]`: mutation fuzzing of the capture readers, dissectors and display
 * filters over ../shared/captures and the project's own synthetic captures. Failures are written to
 * fuzz-failures/ with the seed and iteration that reproduce them; the exit status is 1 when any were found.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mutate, Rng } from './fuzz/mutate.ts';
import { dissectAll, runCapture, type PacketFilter } from './fuzz/harness.ts';
import { checkFilterString, fuzzFilters, mutateFilter } from './fuzz/filters.ts';
import { oneConnection, pcapOf } from '../test/synthetic.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    out: { type: 'string', default: 'fuzz-failures' },
    'max-heap-mb': { type: 'string', default: '1500' },
  },
});
const seconds = Number(values.seconds);
const seed = Number(values.seed);
const maxHeap = Number(values['max-heap-mb']) * 1024 * 1024;
if (!Number.isFinite(seconds) || seconds <= 0 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [--seconds N] [--seed S]');
  process.exit(2);
}

const captures = resolve(import.meta.dirname, '..', '..', 'shared', 'captures');
const corpus: { name: string; bytes: Uint8Array }[] = [];
if (existsSync(captures))
  for (const f of readdirSync(captures).sort())
    if (/\.(pcap|pcapng|cap)$/.test(f))
      corpus.push({ name: f, bytes: new Uint8Array(readFileSync(join(captures, f))) });
corpus.push({ name: 'synthetic-tls.pcap', bytes: pcapOf(oneConnection(5000, 3)) });
if (!existsSync(captures)) console.log(`note: ${captures} is absent; fuzzing the project's synthetic capture only`);

const filters: PacketFilter[] = fuzzFilters();
/** Fuzzed filter strings are compiled and evaluated against the packets of the synthetic capture. */
const filterTargets = dissectAll(corpus[corpus.length - 1]!.bytes);
const FILTERS_PER_INPUT = 10;
let filterStrings = 0;
const rng = new Rng(seed);
const PAUSE = new Int32Array(new SharedArrayBuffer(4));
const deadline = Date.now() + seconds * 1000;
let inputs = 0;
let packets = 0;
let failures = 0;
let peakHeap = 0;
while (Date.now() < deadline) {
  const iteration = inputs++;
  const base = rng.pick(corpus);
  const { file, applied } = mutate(base.bytes, rng);
  let r = runCapture(file, filters, { packetMs: 50 });
  // A slow packet may be a GC pause or a busy machine: it counts only if it is slow again on four reruns, each
  // after a short pause that lets other processes' bursts pass.
  for (let retry = 0; retry < 4 && r.failure?.kind === 'slow-packet'; retry++) {
    Atomics.wait(PAUSE, 0, 0, 250);
    r = runCapture(file, filters, { packetMs: 50 });
  }
  packets += r.packets;
  const heap = process.memoryUsage().heapUsed;
  peakHeap = Math.max(peakHeap, heap);
  const memoryFailure = heap > maxHeap ? `heap ${Math.round(heap / 1048576)} MB over the bound` : undefined;
  for (let i = 0; i < FILTERS_PER_INPUT; i++) {
    const text = mutateFilter(rng);
    filterStrings++;
    let problem = checkFilterString(text, rng.pick(filterTargets), 50);
    if (problem?.includes(' took ')) problem = checkFilterString(text, rng.pick(filterTargets), 50);
    if (!problem) continue;
    failures++;
    mkdirSync(values.out, { recursive: true });
    const stem = join(values.out, `seed${seed}-iter${iteration}-filter${i}`);
    writeFileSync(`${stem}.json`, JSON.stringify({ seed, iteration, filter: text, failure: problem }, null, 2) + '\n');
    console.log(`FAILURE ${stem}: ${problem}`);
  }
  if (r.failure || memoryFailure) {
    failures++;
    mkdirSync(values.out, { recursive: true });
    const stem = join(values.out, `seed${seed}-iter${iteration}`);
    writeFileSync(`${stem}.pcap`, file);
    writeFileSync(
      `${stem}.json`,
      JSON.stringify(
        { seed, iteration, base: base.name, mutations: applied, failure: r.failure ?? memoryFailure },
        null,
        2,
      ) + '\n',
    );
    console.log(`FAILURE ${stem}: ${r.failure ? `${r.failure.kind} at packet ${r.failure.packet}` : memoryFailure}`);
  }
}
console.log(
  `fuzz: seed ${seed}, ${seconds} s, ${inputs} inputs, ${packets} packets, ${filterStrings} filter strings, ${failures} failures, peak heap ${Math.round(peakHeap / 1048576)} MB`,
);
process.exit(failures ? 1 : 0);
