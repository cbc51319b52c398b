/**
 * A lab with a userspace script (two-fields: a reader that looks the {packets, bytes} pair up
 * with BPF_F_LOCK while the CPUs run) in the browser: the lab worker bundles the script and
 * passes it in parallel runs, deterministic runs and step mode, so the reader's check is graded
 * in the page as by `lockstep check`.
 *
 * The cell is the spin-locks chapter's own two-fields cell (a million events per CPU, so the
 * CPUs overlap); the lab's starter and solution are read from labs/ as Lab.astro reads them.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readLab } from '../src/components/lab/lab-source.ts';
import { type Site, screenshotDir, startSite } from './harness.ts';
import { cell, checkStates, openEditor, run, setCode } from './lab-ui.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});
const shot = (name: string) => join(screenshotDir, `${name}.png`);

test('two-fields: the userspace reader runs beside the CPUs in every mode', async () => {
  const { page, errors } = await site.newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${site.baseUrl}/spin-locks/`);
  const info = readLab('two-fields');
  const lab = cell(page, 'two-fields');
  await lab.scrollIntoViewIfNeeded();
  const detail = (id: string) => lab.locator(`[data-check="${id}"] .ls-detail`).textContent();

  // The solution, parallel mode (the page is cross-origin isolated), the page's 1M events: every
  // check passes, the reader's too.
  await openEditor(lab);
  await setCode(lab, info.solution);
  await run(lab);
  expect(await checkStates(lab)).toEqual({
    'exact-totals': 'pass',
    'no-torn-pairs': 'pass',
    'reader-consistent': 'pass',
  });
  expect(await detail('reader-consistent')).toMatch(/^ — 0 of [1-9]\d* BPF_F_LOCK lookups/);
  expect(await lab.locator('[data-output]').textContent()).not.toMatch(/deterministic scheduler/);
  await lab.screenshot({ path: shot('lab-20-two-fields-solution') });

  // Compare CPUs: its global tallies torn pairs, not updates, so the chart is time per event only.
  await lab.getByLabel('Events per CPU').fill('2000');
  await lab.getByRole('button', { name: 'Compare CPUs' }).click();
  await expect.poll(() => lab.locator('[data-plot]').getAttribute('data-points'), { timeout: 120_000 }).toBe('4');
  expect(await lab.locator('[data-plot]').getAttribute('data-charts')).toBe('1');
  expect(await lab.locator('[data-plot]').textContent()).toMatch(/Time per event/);
  expect(await lab.locator('[data-plot]').textContent()).not.toMatch(/lost/);
  expect(await checkStates(lab)).toEqual({
    'exact-totals': 'pass',
    'no-torn-pairs': 'pass',
    'reader-consistent': 'pass',
  });
  await lab.locator('[data-plot]').screenshot({ path: shot('lab-20b-two-fields-compare') });

  // Deterministic mode is what a page without cross-origin isolation gets: pretend to be one.
  // The reader is then one more participant of the seeded schedule.
  await page.evaluate(() => {
    Object.defineProperty(globalThis, 'crossOriginIsolated', { value: false });
  });
  await lab.getByLabel('Events per CPU').fill('5000');
  await run(lab);
  expect(await checkStates(lab)).toEqual({
    'exact-totals': 'pass',
    'no-torn-pairs': 'pass',
    'reader-consistent': 'pass',
  });

  // The starter (deterministic, so the interleaving is the scheduler's, not the machine load's):
  // exact totals, torn pairs read by the program; the reader ran and stored its tally.
  await setCode(lab, info.starter);
  await run(lab);
  const states = await checkStates(lab);
  expect(states['exact-totals']).toBe('pass');
  expect(states['no-torn-pairs']).toBe('fail');
  expect(await detail('no-torn-pairs')).toMatch(/ — [1-9]\d* of 10000 pairs the program read did not average 64 bytes/);
  expect(await detail('reader-consistent')).toMatch(/ — \d+ of [1-9]\d* BPF_F_LOCK lookups saw a torn pair/);
  await lab.screenshot({ path: shot('lab-21-two-fields-starter') });

  // Step mode: a Userspace column whose button performs the reader's next map operation.
  await lab.getByLabel('Mode').selectOption('step');
  await lab.getByLabel('Events per CPU').fill('2');
  await lab.locator('[data-act="run"]').click();
  const stepView = lab.locator('[data-step]');
  const user = stepView.locator('[data-step-act="user"]');
  await user.waitFor({ timeout: 60_000 });
  await stepView.locator('[data-cpu="0"] button').click();
  await expect.poll(() => stepView.getAttribute('data-steps')).toBe('1');
  await expect.poll(() => user.isEnabled(), { timeout: 10_000 }).toBe(true);
  await user.click();
  await expect.poll(() => stepView.getAttribute('data-steps')).toBe('2');
  expect(await stepView.locator('[data-testid="timeline"] li').last().textContent()).toMatch(/^userspace/);
  expect(await stepView.getAttribute('data-schedule')).toMatch(/u/);
  await lab.screenshot({ path: shot('lab-22-two-fields-step') });
  expect(errors).toEqual([]);
});
