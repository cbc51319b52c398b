#!/usr/bin/env node
// Builds the site and runs the browser tests in e2e/ against it (the harness serves dist/ with
// `astro preview` on a free port). Without Chromium the suite is skipped loudly — or fails when
// LOCKSTEP_REQUIRE_BROWSER=1.
import { spawnSync } from 'node:child_process';
import { chromiumPath } from '../e2e/chromium.mjs';

const exe = chromiumPath();
if (!exe) {
  const why = 'no Chromium found (install Debian package `chromium`, or set LOCKSTEP_CHROMIUM)';
  if (process.env.LOCKSTEP_REQUIRE_BROWSER === '1') {
    console.error(`BROWSER TESTS REQUIRED BUT CANNOT RUN: ${why}`);
    process.exit(1);
  }
  console.warn(`\n!!!!!!!! SKIPPED: browser tests — ${why} !!!!!!!!\n`);
  process.exit(0);
}
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;
if (process.env.LOCKSTEP_SKIP_BUILD !== '1') {
  const code = run('npx', ['astro', 'build']);
  if (code !== 0) process.exit(code);
}
process.exit(run('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)]));
