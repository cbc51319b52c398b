/**
 * Test support: where the bpf_conformance suite is. DESIGN §7 puts it beside the repository in
 * ../shared/conformance; LOCKSTEP_CONFORMANCE_DIR overrides, and /work/shared is the machine-wide
 * copy for a clone made elsewhere. Missing everywhere is an error: the ISA tests need it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function conformanceDir(): string {
  const candidates = [
    process.env.LOCKSTEP_CONFORMANCE_DIR,
    fileURLToPath(new URL('../../../../../shared/conformance/tests/', import.meta.url)),
    '/work/shared/conformance/tests',
  ].filter((d): d is string => !!d);
  const found = candidates.find((d) => existsSync(d));
  if (!found) throw new Error(`bpf_conformance suite not found; looked in: ${candidates.join(', ')}`);
  return found;
}
