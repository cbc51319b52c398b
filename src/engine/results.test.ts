import { expect, test } from 'vitest';
import { parseResults, stringifyResults } from './results.ts';

test('64-bit integers survive a JSON round trip exactly', () => {
  const big = 18446744073709551615n;
  const text = stringifyResults({ globals: { counter: big, small: 5n, name: 'x' } });
  expect(text).toBe('{"globals":{"counter":18446744073709551615,"small":5,"name":"x"}}');
  const back = parseResults(text) as { globals: { counter: bigint; small: number } };
  expect(back.globals.counter).toBe(big);
  expect(back.globals.small).toBe(5);
});
