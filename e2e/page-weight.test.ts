/**
 * Page weight: every chapter page ships at most 100 KB of gzipped JavaScript before the reader
 * interacts (DESIGN §4: Monaco and the engine load on demand). Measures what Chromium actually
 * fetched: each script response (page scripts, module imports, workers) is gzipped here at
 * level 9, since `astro preview` serves files uncompressed.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Site, startSite } from './harness.ts';

const BUDGET = 100 * 1024;
const pages = [
  '/',
  '/welcome/',
  '/races/',
  '/atomics/',
  '/spin-locks/',
  '/per-cpu/',
  '/copy-update/',
  '/map-in-map/',
  '/capstone/',
];

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

async function jsBeforeInteraction(path: string): Promise<{ total: number; files: { url: string; gz: number }[] }> {
  const { page, errors } = await site.newPage();
  const files: { url: string; gz: number }[] = [];
  const reads: Promise<void>[] = [];
  page.on('response', (res) => {
    const type = res.request().resourceType();
    const isJs = type === 'script' || /\.m?js(\?|$)/.test(res.url());
    if (!isJs || res.status() >= 400) return;
    reads.push(
      res.body().then(
        (b) => void files.push({ url: res.url(), gz: gzipSync(b, { level: 9 }).length }),
        () => {},
      ),
    );
  });
  await page.goto(`${site.baseUrl}${path}`, { waitUntil: 'networkidle' });
  // Scroll through the page like a reader (lazy things may load on visibility), without clicking.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(300);
  await Promise.all(reads);
  await page.context().close();
  expect(errors).toEqual([]);
  return { total: files.reduce((s, f) => s + f.gz, 0), files };
}

test('each chapter page ships at most 100 KB of gzipped JS before interaction', async () => {
  const report: string[] = [];
  for (const p of pages) {
    const { total, files } = await jsBeforeInteraction(p);
    report.push(`${p}: ${(total / 1024).toFixed(1)} KB gz in ${files.length} files`);
    expect(
      files.some((f) => /editor\.api|editor-monaco|engine\.worker|plot-view/.test(f.url)),
      `${p} loaded a lazy chunk early`,
    ).toBe(false);
    expect(
      total,
      `${p}: ${files.map((f) => `${f.url.replace(site.baseUrl, '')} ${f.gz}`).join(', ')}`,
    ).toBeLessThanOrEqual(BUDGET);
  }
  console.log(`page weight (budget ${BUDGET / 1024} KB gz JS):\n  ${report.join('\n  ')}`);
});
