#!/usr/bin/env node
// `npm test`: type checks, lint, unit tests (engine, compiler, verifier, CLI, labs — including
// the real-kernel suites where this machine allows), then the site build and browser tests.
// A suite that cannot run here is skipped with a loud line saying why; LOCKSTEP_REQUIRE_BROWSER=1
// and LOCKSTEP_REQUIRE_KERNEL=1 turn such skips into failures (CI sets both).
import { spawnSync } from 'node:child_process';

const steps = [
  ['types (astro check)', 'npx', ['astro', 'check']],
  ['lint (biome)', 'npx', ['biome', 'check', '.']],
  ['unit tests (vitest)', 'npx', ['vitest', 'run']],
  ['site build + browser tests', 'node', ['scripts/e2e.mjs']],
];

const results = [];
for (const [label, cmd, args] of steps) {
  console.log(`\n=== ${label} ===`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  const ok = r.status === 0;
  results.push({ label, ok, s: ((Date.now() - t0) / 1000).toFixed(1) });
  if (!ok) console.error(`\n*** ${label} FAILED (exit ${r.status ?? r.signal})`);
}
console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.label} (${r.s}s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
