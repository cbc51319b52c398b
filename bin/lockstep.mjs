#!/usr/bin/env node
// Entry point of the `lockstep` CLI. The CLI is TypeScript (src/cli/); tsx's loader runs it
// without a build step. The downloadable runner ships a pre-bundled copy instead.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv.slice(2));
