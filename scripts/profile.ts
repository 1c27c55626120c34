/**
 * `node --cpu-prof --import tsx scripts/profile.ts FILE [columns|FILTER]`: runs the same work `npm run bench`
 * times (the columns pass, or one display filter over every packet), for a CPU profile of just that work.
 */
import { openCaptureFile, forEachPacket } from '../electron/backend/capture-file.ts';
import { Dissection } from '../shared/dissect/packet.ts';
import { compileFilter } from '../shared/filter/index.ts';

const [file, what = 'columns'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node --cpu-prof --import tsx scripts/profile.ts FILE [columns|FILTER]');
  process.exit(2);
}
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const cap = openCaptureFile(file, { freshWindows: true });
let count = 0;
if (what === 'columns') {
  const d = new Dissection(undefined, false);
  forEachPacket(cap, (i, rec, bytes) => {
    const p = d.dissect(i, rec, bytes);
    count += p.cols.info.length + p.cols.protocol.length;
    return true;
  });
} else {
  const compiled = compileFilter(what);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const d = new Dissection(undefined, new Set(compiled.filter.fields), false);
  forEachPacket(cap, (i, rec, bytes) => {
    const p = d.dissect(i, rec, bytes);
    if (compiled.filter.matches({ tree: p.tree, frame: bytes })) count++;
    return true;
  });
}
cap.source.close();
const cpu = process.cpuUsage(cpu0);
console.log(
  `${what}: ${count} in ${(performance.now() - t0).toFixed(0)} ms (CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)`,
);
