/** `lockstep version`: the CLI and Node versions (a trivial command that proves the wiring). */
import { defineCommand } from 'citty';

export default defineCommand({
  meta: { name: 'version', description: 'Print the lockstep and Node.js versions.' },
  args: { json: { type: 'boolean', description: 'JSON output on stdout' } },
  run({ args }) {
    const info = { lockstep: '0.1.0', node: process.versions.node };
    console.log(args.json ? JSON.stringify(info) : `lockstep ${info.lockstep} (node ${info.node})`);
  },
});
