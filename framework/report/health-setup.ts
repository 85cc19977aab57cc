import type { TestProject } from 'vitest/node';
import '../target/resolved-target.ts';
import { readHealth } from './read-health.ts';
import type { HealthSeen } from './summary.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    health: HealthSeen;
  }
}

/** vitest globalSetup, after the target's: records what the target says it runs, for the report. */
export default async function setup(project: TestProject): Promise<void> {
  const target = project.getProvidedContext().target;
  if (!target) return;
  project.provide('health', await readHealth(target));
}
