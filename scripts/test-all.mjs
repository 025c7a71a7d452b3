#!/usr/bin/env node
// Every check the project has, in order, stopping at nothing: format, lint, types, unit and
// integration tests (vitest), UI tests (Playwright in Debian's Chromium). Ends with one line
// "N passed, N failed" over all tests and exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const failures = [];
let passed = 0;
let failed = 0;

function step(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(
    `=== ${name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (r.status !== 0) failures.push(name);
  return r.status === 0;
}
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

step('format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']);
step('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
step('types', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);

const vitestJson = path.join(out, 'vitest.json');
step('unit+integration', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
const v = readJson(vitestJson);
if (v) {
  passed += v.numPassedTests;
  failed += v.numFailedTests;
} else failed += 1;

const pwJson = path.join(out, 'playwright.json');
step(
  'ui',
  'npx',
  ['playwright', 'test', '-c', 'tests/e2e/playwright.config.ts', '--reporter=list,json'],
  {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  },
);
const p = readJson(pwJson);
if (p) {
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected;
} else failed += 1;

console.log(`\nchecks failed: ${failures.length ? failures.join(', ') : 'none'}`);
console.log(
  `${passed} passed, ${failed + (failures.length && !failed ? failures.length : 0)} failed`,
);
process.exit(failures.length ? 1 : 0);
