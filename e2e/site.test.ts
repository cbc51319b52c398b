/**
 * The course site itself: a chapter page is cross-origin isolated, has the sidebar in course
 * order, working search (Pagefind) and theme toggle, previous/next links, and logs no errors.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Site, screenshotDir, startSite } from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

test('landing page says what the course is and links to the first chapter', async () => {
  const { page, errors } = await site.newPage();
  const res = await page.goto(`${site.baseUrl}/`);
  expect(res?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(res?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  await expect.poll(() => page.locator('h1').first().textContent()).toContain('Lockstep');
  await page.getByRole('link', { name: 'Start the course' }).click();
  await page.waitForURL('**/welcome/');
  await page.screenshot({ path: join(screenshotDir, 'landing-to-welcome.png') });
  expect(errors).toEqual([]);
});

test('a chapter page: isolation, sidebar, search, theme, prev/next', async () => {
  const { page, errors } = await site.newPage();
  await page.goto(`${site.baseUrl}/races/`);
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');

  // Sidebar lists every chapter in course order, current one marked.
  const sidebar = page.locator('nav[aria-label="Main"]');
  const labels = await sidebar.locator('a').allTextContents();
  expect(labels.map((s) => s.trim())).toEqual([
    'Welcome',
    'Races',
    'Atomics',
    'Spin locks',
    'Per-CPU maps',
    'Copy and update',
    'Map-in-map',
    'Capstone',
  ]);
  await expect.poll(() => sidebar.locator('a[aria-current="page"]').textContent()).toContain('Races');

  // Previous / next.
  await expect.poll(() => page.locator('a[rel="prev"]').textContent()).toContain('Welcome');
  await expect.poll(() => page.locator('a[rel="next"]').textContent()).toContain('Atomics');

  // Theme toggle: switch to light, then dark; the root element follows.
  const select = page.locator('starlight-theme-select select').first();
  await select.selectOption('light');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  await select.selectOption('dark');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

  // Search: Pagefind finds the spin-lock chapter.
  await page.locator('site-search button[data-open-modal]').first().click();
  await page.locator('site-search input').first().fill('bpf_spin_lock');
  const hit = page.locator('.pagefind-ui__result-link').first();
  await hit.waitFor({ timeout: 20_000 });
  expect(await hit.textContent()).toMatch(/Spin locks/);
  await page.screenshot({ path: join(screenshotDir, 'races-search.png') });
  expect(errors).toEqual([]);
});
