/**
 * The lab cell, driven like a learner in Chromium (issue 8's "must show"): open the races
 * chapter from the landing page, edit the code, race it on 2 CPUs and see lost updates; apply
 * the atomic fix and pass every check; reload and find code and progress kept; lose an update
 * by hand in step mode; see compile and verifier errors as markers on the right lines. Every
 * state is saved as a screenshot in e2e/screenshots/, and no test may log a console error.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Site, screenshotDir, startSite } from './harness.ts';
import { cell, checkStates, getCode, openEditor, resultRow, run, setCode } from './lab-ui.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});
const shot = (name: string) => join(screenshotDir, `${name}.png`);

test('races: edit, race on 2 CPUs, fix with an atomic, reload keeps code and progress', async () => {
  const { page, errors } = await site.newPage();
  page.on('dialog', (d) => void d.accept());
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${site.baseUrl}/`);
  await page.getByRole('link', { name: 'Start the course' }).click();
  await page.waitForURL('**/welcome/');
  await page.locator('nav[aria-label="Main"] a', { hasText: 'Races' }).click();
  await page.waitForURL('**/races/');

  const lab = cell(page, 'racy-counter');
  await lab.scrollIntoViewIfNeeded();
  await lab.screenshot({ path: shot('lab-1-static') });
  expect(await openEditor(lab)).toBe('monaco');

  // Edit: a learner's comment above the increment (kept through the run and the reload).
  const starter = await getCode(lab);
  const edited = starter.replace('\tcounter++;', '\t/* my first race */\n\tcounter++;');
  await setCode(lab, edited);
  expect(await getCode(lab)).toContain('my first race');

  // Race on 2 CPUs in parallel mode until an update is lost. A race is a matter of timing: on a
  // busy machine one CPU's worker may finish before the other is scheduled, so a run may lose
  // nothing; a few tries of 2M events each are enough on any machine with two cores.
  await lab.getByLabel('CPUs').selectOption('2');
  await lab.getByLabel('Mode').selectOption('parallel');
  await lab.getByLabel('Events per CPU').fill('2000000');
  let lost = 0n;
  for (let i = 0; i < 10 && lost === 0n; i++) {
    const summary = await run(lab);
    console.log(`race try ${i + 1}: ${summary}`);
    expect(summary).toMatch(/Ran 2 CPUs/);
    lost = BigInt(await resultRow(lab, 'lost updates'));
  }
  expect(lost).toBeGreaterThan(0n);
  expect(await lab.locator('[data-status]').textContent()).toMatch(/lost updates/);
  expect((await checkStates(lab))['no-lost-updates']).toBe('fail');
  await expect.poll(() => lab.locator('.ls-hint').count()).toBeGreaterThan(0);
  await lab.screenshot({ path: shot('lab-2-lost-updates') });

  // The atomic fix: every check passes.
  await setCode(lab, edited.replace('\tcounter++;', '\t__sync_fetch_and_add(&counter, 1);'));
  await run(lab);
  const states = await checkStates(lab);
  expect(Object.keys(states).length).toBeGreaterThan(0);
  expect(Object.values(states).every((s) => s === 'pass')).toBe(true);
  expect(await resultRow(lab, 'lost updates')).toBe('0');
  await expect.poll(() => lab.locator('[data-badge]').isVisible()).toBe(true);
  await lab.screenshot({ path: shot('lab-3-fixed') });

  // Reload: the code (with the learner's comment) and the passed checks are still there.
  await page.reload();
  const again = cell(page, 'racy-counter');
  await again.scrollIntoViewIfNeeded();
  const shown = (await again.locator('[data-editor]').textContent()) ?? '';
  expect(shown).toContain('my first race');
  expect(shown).toContain('__sync_fetch_and_add(&counter, 1);');
  expect(Object.values(await checkStates(again)).every((s) => s === 'pass')).toBe(true);
  expect(await again.locator('[data-badge]').isVisible()).toBe(true);
  await expect
    .poll(() => page.locator('nav[aria-label="Main"] a[data-progress="done"]').textContent())
    .toContain('Races');
  await page.screenshot({ path: shot('lab-4-after-reload') });
  expect(errors).toEqual([]);
});

test('races: lose an update by hand in step mode, then replay it from a link', async () => {
  const { page, errors } = await site.newPage();
  await page.setViewportSize({ width: 1280, height: 1100 });
  await page.goto(`${site.baseUrl}/races/`);
  const lab = cell(page, 'racy-counter');
  await lab.scrollIntoViewIfNeeded();
  await openEditor(lab);
  await lab.getByLabel('CPUs').selectOption('2');
  await lab.getByLabel('Mode').selectOption('step');
  expect(await lab.getByLabel('Events per CPU').inputValue()).toBe('1');
  await lab.locator('[data-act="run"]').click();
  const stepView = lab.locator('[data-step]');
  await stepView.locator('[data-cpu="0"] button').waitFor({ timeout: 60_000 });

  // One step of CPU `c`, waiting for the step view to show it.
  const stepOnce = async (c: number) => {
    const before = Number(await stepView.getAttribute('data-steps'));
    await stepView.locator(`[data-cpu="${c}"] button`).click();
    await expect.poll(async () => Number(await stepView.getAttribute('data-steps'))).toBe(before + 1);
  };
  // Step CPU `c` until it has read the counter; returns the timeline line of that read.
  const stepUntilRead = async (c: number) => {
    for (let i = 0; i < 60; i++) {
      await stepOnce(c);
      const last = (await stepView.locator('[data-testid="timeline"] li').last().textContent()) ?? '';
      if (new RegExp(`^CPU ${c}.*→ read counter = (\\d+)`).test(last)) return last;
    }
    throw new Error(`CPU ${c} never read the counter`);
  };
  expect(await stepUntilRead(0)).toMatch(/read counter = 0/);
  expect(await stepUntilRead(1)).toMatch(/read counter = 0/);
  await lab.screenshot({ path: shot('lab-5-step-both-read') });
  for (const c of [0, 1]) {
    const btn = stepView.locator(`[data-cpu="${c}"] button`);
    for (let i = 0; i < 200 && (await btn.isEnabled()); i++) await stepOnce(c);
  }
  await expect.poll(() => stepView.getAttribute('data-done')).toBe('true');
  expect(await resultRow(lab, 'counter: observed')).toBe('1');
  expect(await resultRow(lab, 'lost updates')).toBe('1');
  await lab.screenshot({ path: shot('lab-6-step-lost-update') });

  // Undo takes back one step; the shared link replays the whole schedule in a fresh page.
  const schedule = (await stepView.getAttribute('data-schedule')) ?? '';
  const steps = Number(await stepView.getAttribute('data-steps'));
  expect(schedule).toMatch(/^0x\d+,1x\d+/);
  await stepView.locator('[data-step-act="undo"]').click();
  await expect.poll(async () => Number(await stepView.getAttribute('data-steps'))).toBe(steps - 1);
  expect(await stepView.getAttribute('data-done')).toBe('false');
  const { page: p2, errors: e2 } = await site.newPage();
  await p2.goto(`${site.baseUrl}/races/#lab=racy-counter&cpus=2&events=1&schedule=${schedule}`);
  const lab2 = cell(p2, 'racy-counter');
  await expect.poll(() => lab2.locator('[data-step]').getAttribute('data-done'), { timeout: 60_000 }).toBe('true');
  expect(await resultRow(lab2, 'lost updates')).toBe('1');
  expect(errors).toEqual([]);
  expect(e2).toEqual([]);
});

test('a compile error appears as a marker on the right line', async () => {
  const { page, errors } = await site.newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${site.baseUrl}/races/`);
  const lab = cell(page, 'racy-counter');
  await lab.scrollIntoViewIfNeeded();
  await openEditor(lab);
  const starter = await getCode(lab);
  const lines = starter.split('\n');
  const at = lines.findIndex((l) => l.includes('counter++')) + 1;
  lines[at - 1] = '\tcounter++ oops;';
  await setCode(lab, lines.join('\n'));
  const summary = await run(lab);
  expect(summary).toMatch(/Compile failed/);
  expect(await lab.getAttribute('data-markers')).toContain(`compiler:${at}`);
  await expect.poll(() => lab.locator('.monaco-editor .squiggly-error').count()).toBeGreaterThan(0);
  await lab.screenshot({ path: shot('lab-7-compile-error') });

  expect(errors).toEqual([]);
});

test("a verifier error appears as a marker on the right line, with the kernel's message and log", async () => {
  const { page, errors } = await site.newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${site.baseUrl}/atomics/`);
  // An atomic on the context (atomics chapter), rejected where the atomic is.
  const v = cell(page, 'cpu-bits~ctx');
  await v.scrollIntoViewIfNeeded();
  await openEditor(v);
  const vsum = await run(v);
  // The register is wherever the compiler keeps ctx: R1 with clang, R6 with the course's compiler.
  expect(vsum).toMatch(/BPF_ATOMIC stores into R\d+ ctx is not allowed/);
  const vline = (await getCode(v)).split('\n').findIndex((l) => l.includes('__sync_fetch_and_add')) + 1;
  expect(await v.getAttribute('data-markers')).toContain(`verifier:${vline}`);
  await expect.poll(() => v.locator('.monaco-editor .squiggly-error').count()).toBeGreaterThan(0);
  await v.locator('[data-testid="verifier"]').waitFor();
  await v.screenshot({ path: shot('lab-8-verifier-error') });
  expect(errors).toEqual([]);
});
