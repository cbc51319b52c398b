/**
 * On a phone the lab cell stays light: the starter is readable as rendered at build time, the
 * editor is a plain textarea (Monaco is never fetched), and edits persist like on desktop.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Site, screenshotDir, startSite } from './harness.ts';
import { cell, openEditor } from './lab-ui.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

test('touch device: textarea editor, no Monaco, edits kept over a reload', async () => {
  const { page, errors } = await site.newPage({ isMobile: true });
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto(`${site.baseUrl}/races/`);
  const lab = cell(page, 'racy-counter');
  await lab.scrollIntoViewIfNeeded();
  expect(await lab.locator('[data-editor] .shiki').textContent()).toContain('counter++');
  expect(await openEditor(lab)).toBe('textarea');
  const ta = lab.locator('textarea');
  await ta.fill(`${await ta.inputValue()}\n/* typed on a phone */\n`);
  await page.waitForTimeout(600); // the save is debounced
  await page.screenshot({ path: join(screenshotDir, 'lab-touch.png') });
  expect(scripts.some((u) => /editor-monaco|editor\.api/.test(u))).toBe(false);
  await page.reload();
  expect(await cell(page, 'racy-counter').locator('[data-editor]').textContent()).toContain('typed on a phone');
  expect(errors).toEqual([]);
});
