/**
 * Without cross-origin isolation there is no SharedArrayBuffer: the cell says so and runs on
 * the deterministic scheduler in its one worker instead of failing. The page is served here
 * without its COOP/COEP headers (stripped on the way) to see that.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Site, screenshotDir, startSite } from './harness.ts';
import { cell, openEditor, resultRow, run } from './lab-ui.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

test('not isolated: a notice, and runs fall back to deterministic mode', async () => {
  const { page, errors } = await site.newPage();
  await page.route('**/*', async (route) => {
    const res = await route.fetch();
    const headers = { ...res.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response: res, headers });
  });
  await page.goto(`${site.baseUrl}/races/`);
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(false);
  const lab = cell(page, 'racy-counter');
  await lab.scrollIntoViewIfNeeded();
  await expect.poll(() => lab.locator('[data-notice]').textContent()).toContain('not cross-origin isolated');
  await openEditor(lab);
  await lab.getByLabel('Events per CPU').fill('2000');
  const summary = await run(lab);
  expect(summary).toContain('(deterministic)');
  expect(await resultRow(lab, 'engine')).toBe('interp, deterministic');
  await lab.screenshot({ path: join(screenshotDir, 'lab-13-not-isolated.png') });
  expect(errors).toEqual([]);
});
