import { agUiCases } from './ag-ui.cases.ts';
import type { FaultCase } from './fault-case.ts';
import { goldenPathCases } from './golden-path.cases.ts';
import { lifecycleCases } from './lifecycle.cases.ts';
import { loadCases } from './load.cases.ts';
import { protocolCases } from './protocol.cases.ts';
import { proxyCases } from './proxy.cases.ts';

// Auth and preflight faults again on a backend that checks the token before the Upgrade header.
const AUTH_FIRST = [
  ...protocolCases.filter((c) => c.suite === 'header-compat'),
  ...lifecycleCases.filter((c) => c.suite === 'preflight'),
].map((c): FaultCase => ({
  ...c,
  name: `${c.name ?? c.fault} + auth_before_upgrade`,
  env: { ...c.env, REF_DIALECT: 'auth_before_upgrade' },
}));

/** Every row of the fault matrix that must fail its suite: reference faults, proxy faults, dialect mismatches. */
export const FAULT_CASES: FaultCase[] = [
  ...goldenPathCases,
  ...loadCases,
  ...protocolCases,
  ...lifecycleCases,
  ...proxyCases,
  ...AUTH_FIRST,
  ...agUiCases,
];
