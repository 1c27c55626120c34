/** Rewrites test/golden-known-differences.json with the rows that differ from tshark today. */
import { writeFileSync } from 'node:fs';
import { compareGolden, goldenCaptures, KNOWN_FILE, runGolden, type KnownDifferences } from '../test/golden-support.ts';

const known: KnownDifferences = {};
let total = 0;
for (const capture of goldenCaptures()) {
  const { diffs } = compareGolden(capture, runGolden(capture).out);
  const frames = diffs.map((d) => d.frame);
  if (frames.length) known[capture] = frames;
  total += frames.length;
}
writeFileSync(KNOWN_FILE, JSON.stringify(known, null, 1) + '\n');
console.log(`${total} known differing rows in ${Object.keys(known).length} captures`);
