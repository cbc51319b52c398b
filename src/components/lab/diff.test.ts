import { expect, test } from 'vitest';
import { diffLines } from './diff.ts';

test('diff keeps common lines and marks the changed one', () => {
  const d = diffLines('a\ncounter++;\nc\n', 'a\n__sync_fetch_and_add(&counter, 1);\nc\n');
  expect(d).toEqual([
    { op: ' ', text: 'a' },
    { op: '-', text: 'counter++;' },
    { op: '+', text: '__sync_fetch_and_add(&counter, 1);' },
    { op: ' ', text: 'c' },
  ]);
});

test('diff of identical texts has no changes; added tail lines are +', () => {
  expect(diffLines('x\ny', 'x\ny').every((l) => l.op === ' ')).toBe(true);
  expect(diffLines('x', 'x\ny').map((l) => l.op)).toEqual([' ', '+']);
  expect(diffLines('x\ny', '').map((l) => l.op)).toEqual(['-', '-', '+']);
});
