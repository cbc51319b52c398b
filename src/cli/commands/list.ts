/** `lockstep list [--json]`: the labs, in course order. */
import { defineCommand } from 'citty';

export default defineCommand({
  meta: { name: 'list', description: 'List the labs.' },
  args: { json: { type: 'boolean', description: 'JSON output on stdout' } },
  async run({ args }) {
    const { allLabs } = await import('../../labs/registry.ts');
    const labs = allLabs().map(({ meta }) => ({
      id: meta.id,
      title: meta.title,
      chapter: meta.chapter,
      program: meta.program.name,
      type: meta.program.type,
      event: meta.event.source,
      checks: meta.checks.map((c) => c.id),
    }));
    if (args.json) {
      console.log(JSON.stringify({ labs }));
      return;
    }
    const w = Math.max(...labs.map((l) => l.id.length));
    for (const l of labs) console.log(`${l.id.padEnd(w)}  ${l.chapter.padEnd(10)} ${l.type.padEnd(10)} ${l.title}`);
  },
});
