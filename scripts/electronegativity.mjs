// Runs Electronegativity (@doyensec/electronegativity, fetched by npx: not a dependency) over the Electron main
// process and fails when it reports anything above INFORMATIONAL. Deliberate exceptions carry an `eng-disable`
// comment in the code saying why. Usage: node scripts/electronegativity.mjs [DIR]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'electron/main';
const out = join(mkdtempSync(join(tmpdir(), 'electronegativity-')), 'report.csv');
const run = spawnSync('npx', ['--yes', '@doyensec/electronegativity@1', '-i', dir, '-e', '41.7.1', '-r', '-o', out], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
if (!existsSync(out)) {
  console.log(`electronegativity: could not run (${run.error?.message ?? `exit ${run.status}`}); nothing checked.`);
  process.exit(0);
}
const rows = readFileSync(out, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .filter((l) => l.trim());
const findings = rows.filter((l) => !/^[A-Z_]+,"INFORMATIONAL"/.test(l));
for (const f of findings) console.log(f);
console.log(`electronegativity: ${findings.length} finding(s) above informational in ${dir} (${rows.length} in all)`);
process.exit(findings.length ? 1 : 0);
