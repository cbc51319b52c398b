import { expect, test } from 'vitest';
import { userspaceScript } from './userspace-scripts.ts';

test('labs that declare a userspace script get it bundled; others and variants get none', () => {
  for (const id of ['two-fields', 'copy-update', 'snapshot-swap']) expect(typeof userspaceScript(id)).toBe('function');
  expect(userspaceScript('racy-counter')).toBeUndefined();
  expect(userspaceScript('two-fields~mine')).toBeUndefined();
  expect(() => userspaceScript('no-such-lab')).toThrow(/no lab 'no-such-lab'/);
});
