import { join } from 'node:path';
import { expect, test } from 'vitest';
import { highlightC, highlightLines, labIds, readLab } from './lab-source.ts';

const root = join(import.meta.dirname, 'fixtures/labs');

test('readLab takes what the cell shows from lab.json, starter and solution', () => {
  const lab = readLab('demo', root);
  expect(lab).toMatchObject({ id: 'demo', title: 'A demo lab (test fixture)', program: 'count', cpus: 4, events: 500 });
  expect(lab.starter).toContain('counter++');
  expect(lab.solution).toContain('__sync_fetch_and_add');
  expect(lab.checks).toEqual([{ id: 'exact', text: 'The counter is exact.', hint: 'Use an atomic.' }]);
});

test('an unknown lab id is an error naming the known labs', () => {
  expect(labIds(root)).toEqual(['demo']);
  expect(() => readLab('nope', root)).toThrow(/no such lab.*known labs: demo/);
  expect(() => readLab('../demo', root)).toThrow(/no such lab/);
});

test('Shiki renders both themes as CSS variables, whole or line by line', async () => {
  const html = await highlightC('int x = 1;\ncounter++;\n');
  expect(html).toContain('--shiki-light');
  expect(html).toContain('--shiki-dark');
  const lines = await highlightLines('int x = 1;\n\tcounter++;\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain('counter');
  expect(lines[0]).toContain('class="ls-tok"');
});
