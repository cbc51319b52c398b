/**
 * Validates a parsed lab.json against the schema and turns zod's issues into messages that
 * name the field, the received value and the allowed values. Browser-safe.
 */
import type { z } from 'zod';
import { type Lab, LabSchema } from './schema.ts';

export class LabError extends Error {
  constructor(
    readonly code: 'bad-lab' | 'no-such-lab' | 'no-checks',
    message: string,
  ) {
    super(message);
    this.name = 'LabError';
  }
}

function at(value: unknown, path: PropertyKey[]): unknown {
  let v = value;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** One line per issue: `program.type: received "xdpp", allowed: "xdp", "tracepoint", …`. */
export function describeIssues(input: unknown, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    const received = at(input, issue.path);
    const i = issue as { values?: unknown[]; keys?: string[]; message: string };
    if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${(i.keys ?? []).join(', ')}`;
    const allowed = i.values ? `, allowed: ${i.values.map((v) => JSON.stringify(v)).join(', ')}` : '';
    return `${where}: ${issue.message}; received ${show(received)}${allowed}`;
  });
}

/** Parses one lab.json value; `file` names it in errors. */
export function validateLab(input: unknown, file: string): Lab {
  const r = LabSchema.safeParse(input);
  if (!r.success) throw new LabError('bad-lab', `${file}:\n  ${describeIssues(input, r.error).join('\n  ')}`);
  const id = file.match(/([a-z0-9-]+)\/lab\.json$/)?.[1];
  if (id && id !== r.data.id) throw new LabError('bad-lab', `${file}: id is "${r.data.id}" but the folder is "${id}"`);
  return r.data;
}
