// Prints "N passed, N failed" from vitest's JSON report; failed CI steps (lint, type-check, install) count as failures.
import { existsSync, readFileSync } from 'node:fs';

const [file, failedSteps = '0'] = process.argv.slice(2);
let passed = 0;
let failed = Number(failedSteps);
if (file && existsSync(file)) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
}
console.log(`${passed} passed, ${failed} failed`);
