import { beforeEach, expect, test, vi } from 'vitest';
import { debounce, loadLab, pageProgress, registerLab, resetLab, saveChecks, saveCode } from './progress.ts';

beforeEach(() => {
  const store = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
});

test('code and passed checks are kept per lab; completion is sticky until reset', () => {
  saveCode('a', 'x++;');
  expect(loadLab('a').code).toBe('x++;');
  expect(saveChecks('a', ['one'], 2).completed).toBe(false);
  expect(saveChecks('a', ['one', 'two'], 2).completed).toBe(true);
  // A later failing experiment does not take the finished lab away, nor the code.
  const later = saveChecks('a', ['one'], 2);
  expect(later).toMatchObject({ completed: true, passed: ['one'], code: 'x++;' });
  resetLab('a');
  expect(loadLab('a')).toMatchObject({ passed: [], completed: false });
  expect(loadLab('a').code).toBeUndefined();
});

test('the sidebar counts completed labs per page', () => {
  registerLab('/races/', 'a');
  registerLab('/races/', 'b');
  registerLab('/races/', 'a');
  saveChecks('b', ['c'], 1);
  expect(pageProgress()).toEqual({ '/races/': { done: 1, total: 2 } });
});

test('storage that throws degrades to no persistence', () => {
  vi.stubGlobal('localStorage', {
    getItem: () => {
      throw new Error('denied');
    },
    setItem: () => {
      throw new Error('quota');
    },
    removeItem: () => {},
  });
  expect(() => saveCode('a', 'x')).not.toThrow();
  expect(loadLab('a')).toMatchObject({ passed: [], completed: false });
});

test('debounce saves once after edits stop, and flush saves at once', () => {
  vi.useFakeTimers();
  const save = vi.fn();
  const d = debounce(save, 400);
  d();
  d();
  vi.advanceTimersByTime(399);
  expect(save).not.toHaveBeenCalled();
  vi.advanceTimersByTime(1);
  expect(save).toHaveBeenCalledTimes(1);
  d();
  d.flush();
  expect(save).toHaveBeenCalledTimes(2);
  d.flush(); // nothing pending
  expect(save).toHaveBeenCalledTimes(2);
  vi.useRealTimers();
});
