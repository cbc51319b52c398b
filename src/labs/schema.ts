/**
 * The lab.json schema (zod): what a lab folder declares about itself. Validated by the loader
 * (src/labs/load.ts in Node, src/labs/registry.ts everywhere); errors show the received and
 * the allowed values. Browser-safe: no Node imports.
 */
import { z } from 'zod';

/** Chapter ids, in course order (COURSE.md; astro.config.mjs has the same list). */
export const chapterIds = [
  'welcome',
  'races',
  'atomics',
  'spin-locks',
  'per-cpu',
  'copy-update',
  'map-in-map',
  'capstone',
] as const;

/** Program types the engine and the runner's harness can drive. */
export const programTypes = ['xdp', 'tracepoint', 'tp_btf', 'raw_tracepoint', 'socket_filter', 'tc'] as const;

/**
 * Where a lab's events come from. In the browser the machine synthesises them; on a real
 * kernel the harness (labs/common) makes them: BPF_PROG_TEST_RUN with repeat on pinned
 * threads (xdp, tc, socket_filter), or exactly `events` getppid() calls per pinned thread
 * (sys_enter).
 */
export const eventSources = ['xdp', 'sys_enter', 'tp_btf', 'socket_filter', 'tc'] as const;

const count = (max: number) => z.number().int().min(1).max(max);

export const CheckSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .describe('Stable id, kebab-case; the check function in checks.ts has the same key.'),
    text: z.string().min(1).describe('What passing means, as one sentence a learner reads.'),
    hint: z.string().min(1).describe('What to try when the check fails.'),
    starterFails: z
      .boolean()
      .default(false)
      .describe('The lesson: this check fails on the starter, every run (tests hold the lab to it).'),
  })
  .strict();

export const LabSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .describe('The folder name under labs/, kebab-case.'),
    title: z.string().min(1).describe('Shown as the cell title.'),
    chapter: z.enum(chapterIds).describe('The chapter page that holds the lab.'),
    summary: z.string().min(1).describe('One or two sentences: what the learner does.'),
    program: z
      .object({
        name: z
          .string()
          .regex(/^[A-Za-z_]\w*$/)
          .describe('The C function of the BPF program.'),
        type: z.enum(programTypes).describe('Its program type (from its SEC).'),
        section: z.string().min(1).describe('Its SEC("...") string.'),
      })
      .strict(),
    event: z
      .object({
        source: z.enum(eventSources).describe('What one event is.'),
        why: z.string().min(1).describe('Why this source: what makes the checks reliable on a real kernel.'),
      })
      .strict(),
    defaults: z
      .object({ cpus: count(64), events: count(100_000_000).describe('Per CPU.') })
      .strict()
      .describe('Default CPUs and events per CPU of a browser run.'),
    kernel: z
      .object({
        minVersion: z
          .string()
          .regex(/^\d+\.\d+$/)
          .describe('Oldest kernel the lab runs on, e.g. "5.12" for atomics with fetch.'),
        cpus: count(64).optional().describe('Real-kernel default CPUs (else defaults.cpus).'),
        events: count(100_000_000).optional().describe('Real-kernel default events per CPU (else defaults.events).'),
        needs: z
          .array(z.enum(['tracefs', 'btf']))
          .default([])
          .describe('Kernel facilities the run needs besides bpf().'),
      })
      .strict(),
    userspace: z.string().optional().describe('A userspace script next to lab.json (e.g. userspace.ts), if any.'),
    checks: z.array(CheckSchema).min(1).describe('In display order.'),
  })
  .strict()
  .superRefine((lab, ctx) => {
    const seen = new Set<string>();
    for (const [i, c] of lab.checks.entries()) {
      if (seen.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['checks', i, 'id'], message: `duplicate check id '${c.id}'` });
      seen.add(c.id);
    }
  })
  .describe('labs/<id>/lab.json');

export type Lab = z.infer<typeof LabSchema>;
export type LabCheck = z.infer<typeof CheckSchema>;
