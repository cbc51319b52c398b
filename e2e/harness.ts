/**
 * Browser-test harness: serves the built site with `astro preview` on a free port, launches the
 * system Chromium through playwright-core, and records console errors and page errors so every
 * test can assert there were none. Screenshots go to e2e/screenshots/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

export const screenshotDir = join(import.meta.dirname, 'screenshots');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not answer at ${url} within ${timeoutMs} ms`);
}

export interface Site {
  baseUrl: string;
  browser: Browser;
  newPage(opts?: { isMobile?: boolean }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  const exe = chromiumPath();
  if (!exe) throw new Error('no Chromium (scripts/e2e.mjs should have skipped)');
  const port = await freePort();
  const server: ChildProcess = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stopServer = () => {
    if (!server.pid) return;
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  try {
    await waitForHttp(`${baseUrl}/`, 60_000);
  } catch (e) {
    stopServer(); // never leave a preview server behind (Astro refuses to start a second one)
    throw e;
  }
  const browser = await chromium.launch({ executablePath: exe, args: chromiumArgs, headless: true });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    baseUrl,
    browser,
    async newPage(opts = {}) {
      const ctx = await browser.newContext(
        opts.isMobile ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {},
      );
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
      });
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      page.on('response', (res) => {
        if (res.status() >= 400) errors.push(`http ${res.status()}: ${res.url()}`);
      });
      return { page, errors };
    },
    async close() {
      await browser.close();
      stopServer();
    },
  };
}
