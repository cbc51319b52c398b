/**
 * Helpers for driving a lab cell in the browser tests: find a cell, open its editor, replace or
 * edit its code through Monaco (or the textarea), run it and wait for the outcome.
 */
import type { Locator, Page } from 'playwright-core';

export function cell(page: Page, id: string): Locator {
  return page.locator(`lockstep-lab[data-lab-id="${id}"]`);
}

/** Opens the editor (Monaco on desktop) and waits until it is ready. */
export async function openEditor(lab: Locator): Promise<'monaco' | 'textarea'> {
  await lab.locator('[data-editor]').click();
  await lab
    .page()
    .waitForFunction((el) => (el as HTMLElement).dataset.editor !== undefined, await lab.elementHandle(), {
      timeout: 60_000,
    });
  const kind = (await lab.getAttribute('data-editor')) as 'monaco' | 'textarea';
  if (kind === 'monaco') await lab.locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 });
  return kind;
}

/** Replaces the whole program, as a learner would by selecting all and pasting. */
export async function setCode(lab: Locator, code: string): Promise<void> {
  const page = lab.page();
  if ((await lab.getAttribute('data-editor')) === 'textarea') {
    await lab.locator('textarea').fill(code);
    return;
  }
  // Paste through the clipboard: typed text would be re-indented line by line by the editor.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.evaluate((t) => navigator.clipboard.writeText(t), code);
  await lab.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await page.waitForFunction(
    ([el, t]) => (el as unknown as { code(): string }).code() === t,
    [await lab.elementHandle(), code] as const,
    { timeout: 10_000 },
  );
}

/** The text currently in the cell's editor. */
export async function getCode(lab: Locator): Promise<string> {
  return lab.evaluate((el) => (el as unknown as { code(): string }).code());
}

/** Runs the cell and waits for the run to finish; returns the announced summary. */
export async function run(lab: Locator): Promise<string> {
  const before = await lab.locator('[data-status]').textContent();
  await lab.evaluate((el) => el.removeAttribute('data-stage'));
  await lab.locator('[data-act="run"]').click();
  await lab
    .page()
    .waitForFunction(
      (el) => (el as HTMLElement).dataset.stage !== undefined && !(el as HTMLElement).hasAttribute('aria-busy'),
      await lab.elementHandle(),
      { timeout: 90_000 },
    );
  const after = (await lab.locator('[data-status]').textContent()) ?? '';
  return after || (before ?? '');
}

export async function resultRow(lab: Locator, row: string): Promise<string> {
  return ((await lab.locator(`[data-testid="results"] tr[data-row="${row}"] td`).textContent()) ?? '').trim();
}

export async function checkStates(lab: Locator): Promise<Record<string, string>> {
  return lab.evaluate((el) =>
    Object.fromEntries(
      [...el.querySelectorAll<HTMLElement>('[data-check]')].map((c) => [c.dataset.check ?? '', c.dataset.state ?? '']),
    ),
  );
}
