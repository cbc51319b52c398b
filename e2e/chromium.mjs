// Where the system Chromium is (Playwright cannot download its own browsers here).
import { existsSync } from 'node:fs';

export function chromiumPath() {
  const candidates = [process.env.LOCKSTEP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
