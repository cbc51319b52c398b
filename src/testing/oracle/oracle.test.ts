import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeKernel } from '../kernel.ts';
import { BuildError, clangBuild, errorLine, kernelLoad, kernelRun, kernelVersion } from './index.ts';

const smoke = join(import.meta.dirname, 'testdata/oracle-smoke.bpf.c');

test('errorLine skips the statistics trailer', () => {
  const log =
    "7: (79) r1 = *(u64 *)(r0 +8)\nR0 invalid mem access 'map_value_or_null'\nprocessed 7 insns (limit 1000000) max_states_per_insn 0\n\n";
  expect(errorLine(log)).toBe("R0 invalid mem access 'map_value_or_null'");
  expect(errorLine('')).toBe('');
});

describeKernel('real-kernel oracle', () => {
  test('kernelLoad reports each program with its verdict and message', () => {
    const obj = clangBuild(smoke);
    const progs = kernelLoad(obj);
    const byName = Object.fromEntries(progs.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(['count', 'no_null_check']);
    expect(byName.no_null_check.accepted, kernelVersion()).toBe(false);
    expect(byName.no_null_check.error).toBe("R0 invalid mem access 'map_value_or_null'");
    expect(byName.count.accepted).toBe(true);
    expect(byName.count.section).toBe('xdp');
    expect(byName.count.error).toBe('');
  });

  test('log level 2 shows the states of an accepted program', () => {
    const [, count] = kernelLoad(clangBuild(smoke), { logLevel: 2 });
    expect(count.log).toMatch(/^0: R1=ctx\(\) R10=fp0/m);
    expect(count.log).toMatch(/call bpf_map_update_elem#2/);
  });

  test('kernelRun runs once and dumps maps and globals', () => {
    const res = kernelRun(clangBuild(smoke), { prog: 'count' });
    expect(res.retval).toBe(3); // XDP_TX
    expect(res.maps['.bss']).toEqual([{ key: '00000000', value: '0500000000000000' }]);
    expect(res.maps.seen).toEqual([{ key: '07000000', value: '8877665544332211' }]);
  });

  test('kernelRun runs a tc program; per-CPU values come one 8-byte slot per possible CPU', () => {
    const obj = clangBuild(join(import.meta.dirname, '../../engine/verifier/corpus/percpu-hash-update.bpf.c'));
    const res = kernelRun(obj, { prog: 'prog', packet: new Uint8Array(64), repeat: 3 });
    expect(res.retval).toBe(0);
    expect(res.duration).toBeGreaterThanOrEqual(0);
    expect(res.maps.per_flow).toHaveLength(1);
    const value = Buffer.from(res.maps.per_flow[0].value, 'hex');
    expect(value.length % 8).toBe(0);
    // Three runs of a 64-byte packet on one CPU: 64 inserted, then 64 added twice.
    const slots = Array.from({ length: value.length / 8 }, (_, i) => value.readBigUInt64LE(i * 8));
    expect(slots.reduce((a, b) => a + b, 0n)).toBe(192n);
  });

  test('clangBuild reports clang diagnostics', () => {
    expect(() => clangBuild(join(import.meta.dirname, 'testdata/does-not-exist.c'))).toThrow();
    try {
      clangBuild(join(import.meta.dirname, 'testdata/broken.bpf.c'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BuildError);
      expect((e as BuildError).stderr).toMatch(/error:/);
    }
  });
});
