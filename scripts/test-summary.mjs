// Prints "N passed, N failed" from vitest JSON reports; failed CI steps (install, lint, type-check, …) count as
// failures. Usage: node scripts/test-summary.mjs FAILED_STEPS REPORT.json...
import { existsSync, readFileSync } from 'node:fs';

const [failedSteps = '0', ...files] = process.argv.slice(2);
let passed = 0;
let failed = Number(failedSteps);
for (const file of files) {
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
}
console.log(`${passed} passed, ${failed} failed`);
