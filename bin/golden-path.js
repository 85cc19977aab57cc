#!/usr/bin/env node
// The `golden-path` command: loads tsx's ESM hooks so the TypeScript CLI runs without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../framework/cli/golden-path.ts');
process.exitCode = await main(process.argv.slice(2));
