/**
 * Parallel mode in Chromium: the worker entry bundled (esbuild) as a Web Worker, served with
 * COOP/COEP so the page is cross-origin isolated, and the four counters run on 2 CPUs ×
 * 1,000,000 events in real Web Workers. Skipped loudly without Chromium; a failure under
 * LOCKSTEP_REQUIRE_BROWSER=1.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../../e2e/chromium.mjs';

const here = import.meta.dirname;

async function bundle(entry: string): Promise<string> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    external: ['node:*'],
    logLevel: 'silent',
  });
  return r.outputFiles[0].text;
}

function serve(files: Record<string, string>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const body = files[req.url ?? '/'];
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    if (body === undefined) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Type', req.url === '/' ? 'text/html' : 'text/javascript');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/` });
    }),
  );
}

const exe = chromiumPath();

describe('parallel JIT in Chromium (Web Workers)', () => {
  if (!exe) {
    test('Chromium unavailable', () => {
      if (process.env.LOCKSTEP_REQUIRE_BROWSER === '1') throw new Error('Chromium required but not found');
      console.warn('\n!!!!!!!! SKIPPED: parallel JIT in Chromium — no Chromium found !!!!!!!!\n');
    });
    return;
  }
  test('2 CPUs × 1,000,000 events: racy loses updates; atomic, spin lock, per-CPU exact', async () => {
    const [probe, worker] = await Promise.all([
      bundle(join(here, 'testdata/browser-probe.ts')),
      bundle(join(here, 'worker.ts')),
    ]);
    const { server, url } = await serve({
      '/': '<!doctype html><title>probe</title><script type="module" src="/probe.js"></script>',
      '/probe.js': probe,
      // The probe bundle creates its workers from new URL('./worker.ts', import.meta.url).
      '/worker.ts': worker,
      '/favicon.ico': '',
    });
    const browser = await chromium.launch({ executablePath: exe, args: chromiumArgs, headless: true });
    const errors: string[] = [];
    try {
      const page = await browser.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      await page.waitForFunction(() => (globalThis as { __probe?: unknown }).__probe !== undefined, null, {
        timeout: 150_000,
      });
      const r = (await page.evaluate(() => (globalThis as { __probe?: unknown }).__probe)) as {
        failed?: string;
        isolated: boolean;
        racy: string[];
        atomic: { value: string; error: string | null };
        spinlock: { value: string; error: string | null };
        percpu: { value: string[]; error: string | null };
      };
      expect(r.failed).toBeUndefined();
      expect(r.isolated).toBe(true);
      const last = BigInt(r.racy[r.racy.length - 1]);
      console.log(`Chromium racy counter: ${r.racy.join(', ')} of 2000000`);
      expect(last).toBeGreaterThan(0n);
      expect(last).toBeLessThan(2_000_000n);
      expect(r.atomic).toEqual({ value: '2000000', error: null, events: [1_000_000, 1_000_000] });
      expect(r.spinlock).toEqual({ value: '2000000', error: null, events: [1_000_000, 1_000_000] });
      expect(r.percpu).toEqual({ value: ['1000000', '1000000'], error: null, events: [1_000_000, 1_000_000] });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      server.close();
    }
  }, 180_000);
});
