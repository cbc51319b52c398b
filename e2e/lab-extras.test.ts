/**
 * The rest of the lab cell's toolbar and outputs: Compare CPUs plots runs on 1, 2, 4 and 8
 * CPUs; hovering a helper shows its doc; Solution shows a diff after a confirm; Download gives a runner tarball holding the
 * learner's program; Monaco follows Starlight's light/dark switch; Reset brings the starter back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Site, screenshotDir, startSite } from './harness.ts';
import { cell, getCode, openEditor, run } from './lab-ui.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});
const shot = (name: string) => join(screenshotDir, `${name}.png`);

test('compare CPUs, solution diff, download, theme, reset', async () => {
  const { page, errors } = await site.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.accept();
  });
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${site.baseUrl}/races/`);
  const lab = cell(page, 'racy-counter');
  await lab.scrollIntoViewIfNeeded();
  await openEditor(lab);

  // BPF-aware help: hovering a helper shows its prototype and doc from the engine's table.
  const helper = lab.locator('.view-line span', { hasText: /^bpf_get_current_pid_tgid$/ });
  await expect.poll(() => helper.count(), { timeout: 10_000 }).toBeGreaterThan(0); // tokenized
  await helper.first().hover();
  await expect.poll(() => page.locator('.monaco-hover').first().textContent(), { timeout: 10_000 }).toContain('helper');
  await lab.screenshot({ path: shot('lab-12-hover') });
  await page.mouse.move(0, 0);

  // Compare CPUs: four runs, one chart with a bar pair per CPU count.
  await lab.getByLabel('Events per CPU').fill('1000000');
  await lab.getByRole('button', { name: 'Compare CPUs' }).click();
  await expect.poll(() => lab.locator('[data-plot]').getAttribute('data-points'), { timeout: 120_000 }).toBe('4');
  expect(await lab.locator('[data-plot] svg').count()).toBeGreaterThan(0);
  await lab.locator('[data-plot]').screenshot({ path: shot('lab-9-compare-cpus') });

  // Solution: asks first, then shows a diff with the atomic line added.
  await lab.locator('[data-act="solution"]').click();
  expect(dialogs.at(-1)).toMatch(/Show the solution/);
  const diff = lab.locator('.ls-diff');
  await diff.waitFor();
  expect(await diff.locator('.ls-dadd').allTextContents()).toContainEqual(
    expect.stringContaining('__sync_fetch_and_add'),
  );
  await lab.locator('[data-solution]').screenshot({ path: shot('lab-10-solution-diff') });

  // Take the solution and run it on 2 CPUs: a second chart compares the two versions' cost.
  await lab.locator('[data-sol="use"]').click();
  await lab.getByLabel('CPUs').selectOption('2');
  await run(lab);
  await expect.poll(() => lab.locator('[data-plot]').getAttribute('data-charts')).toBe('2');
  await lab.locator('[data-plot]').screenshot({ path: shot('lab-9b-cost') });

  // Download: the runner tarball with this program as the lab's solution.
  const [dl] = await Promise.all([page.waitForEvent('download'), lab.locator('[data-act="download"]').click()]);
  expect(dl.suggestedFilename()).toBe('lockstep-racy-counter.tar.gz');
  const tar = gunzipSync(readFileSync((await dl.path()) as string)).toString('latin1');
  expect(tar).toContain('lockstep-runner/labs/racy-counter/solution.bpf.c');
  expect(tar).toContain('__sync_fetch_and_add(&counter, 1);');
  await expect.poll(() => lab.locator('[data-status]').textContent()).toContain('lockstep.mjs check racy-counter');

  // Theme: Monaco follows the site's light/dark switch.
  const theme = page.locator('starlight-theme-select select').first();
  await theme.selectOption('dark');
  await expect.poll(() => lab.locator('.monaco-editor').getAttribute('class')).toContain('vs-dark');
  await lab.screenshot({ path: shot('lab-11-dark') });
  await theme.selectOption('light');
  await expect.poll(() => lab.locator('.monaco-editor').getAttribute('class')).not.toContain('vs-dark');

  // Reset: asks, then the starter is back.
  await lab.locator('[data-act="reset"]').click();
  expect(dialogs.at(-1)).toMatch(/Reset this lab/);
  expect(await getCode(lab)).toBe(
    readFileSync(join(import.meta.dirname, '../labs/racy-counter/starter.bpf.c'), 'utf8'),
  );
  expect(errors).toEqual([]);
});
