/** `lockstep doctor [--json]`: can this machine run labs on its kernel? Exit 1 if not. */
import { defineCommand } from 'citty';

export default defineCommand({
  meta: { name: 'doctor', description: 'Check kernel, permissions and tools for real-kernel lab runs.' },
  args: { json: { type: 'boolean', description: 'JSON output on stdout' } },
  async run({ args }) {
    const { runDoctor } = await import('../../runner/doctor.ts');
    const report = runDoctor();
    if (args.json) {
      console.log(JSON.stringify(report));
    } else {
      for (const c of report.checks) {
        console.log(`${c.ok ? '✓' : '✗'} ${c.label}: ${c.detail}`);
        if (c.fix) console.log(`    fix: ${c.fix}`);
      }
      console.log(report.ok ? 'ready to run labs on this kernel' : 'not ready: fix the items marked ✗');
    }
    if (!report.ok) process.exitCode = 1;
  },
});
