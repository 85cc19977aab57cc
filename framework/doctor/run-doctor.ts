import { TestAuth } from '../auth/test-auth.ts';
import { TokenFactory } from '../auth/token-factory.ts';
import { createConnectFactory } from '../client/connect-factory.ts';
import type { Run } from '../client/run.ts';
import type { E2eConfig } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import { BlockedError } from '../target/blockers.ts';
import type { ResolvedTarget } from '../target/resolved-target.ts';
import { DoctorDeadline, doctorBudgetMs } from './doctor-budget.ts';
import type { DoctorContext } from './doctor-context.ts';
import { doctorPreflight } from './doctor-preflight.ts';
import { doctorTransport } from './doctor-transport.ts';
import { mismatch, notApplicable, type Finding } from './finding.ts';
import { goldenPathRun } from './golden-path-run.ts';
import { preflightFindings } from './preflight-findings.ts';
import { probeLongRun } from './probe-long-run.ts';
import { probeOrigin } from './probe-origin.ts';
import { probeResume } from './probe-resume.ts';
import { probeSeq } from './probe-seq.ts';
import { probeToolCalls } from './probe-tool-calls.ts';
import { transportFindings } from './transport-findings.ts';

/** Where doctor's findings go as they are made. */
export interface DoctorOutput {
  section(title: string): void;
  finding(finding: Finding): void;
}

export interface DoctorResult {
  /** The preflight's diagnosis when it stopped doctor (exit 2): nothing after it was checked. */
  stopped: string | undefined;
  findings: Finding[];
}

/**
 * `golden-path doctor` on a resolved target: the preflight with its transport cross-check, one
 * golden path, then a probe of each contract setting (seq, tool-call prompts, long run, resume,
 * Origin). Each finding says what was found and, for a mismatch, what to set.
 * @example const { stopped, findings } = await runDoctor({ config, contract, target }, output);
 */
export async function runDoctor(
  o: { config: E2eConfig; contract: Contract; target: ResolvedTarget },
  output: DoctorOutput,
): Promise<DoctorResult> {
  const { config, contract, target } = o;
  const findings: Finding[] = [];
  const report = (f: Finding) => {
    findings.push(f);
    output.finding(f);
  };
  const tokens = target.signingKey
    ? await TokenFactory.create({ signingKey: target.signingKey, issuer: config.issuer, audience: config.audience })
    : undefined;
  const auth = new TestAuth(target, config, tokens);

  output.section('preflight');
  const preflight = await doctorPreflight(config, target, contract, auth);
  preflightFindings(preflight).forEach(report);
  if (!preflight.ok) return { stopped: preflight.diagnosis, findings };
  transportFindings(preflight, contract, config.authMode).forEach(report);
  const transport = doctorTransport(config.authMode, preflight, contract);
  if (transport.note) report(transport.note);

  const connect = createConnectFactory({
    config: { ...config, authMode: transport.mode },
    target,
    contract,
    auth,
    blockers: preflight.blockers,
  });
  const ctx: DoctorContext = { config, contract, connect };
  const deadline = new DoctorDeadline(doctorBudgetMs(config));
  // Each probe within what is left of the budget; a probe that throws is a finding, not a crash.
  const probe = async (subject: string, work: () => Promise<Finding | Finding[]>) => {
    if (deadline.leftMs === 0)
      return report(notApplicable(subject, `not run: doctor's time budget (${deadline.budgetMs} ms) ran out`));
    try {
      const found = await deadline.race(work());
      if (found === undefined)
        return report(
          mismatch(subject, `did not finish within what was left of doctor's time budget (${deadline.budgetMs} ms)`),
        );
      [found].flat().forEach(report);
    } catch (error) {
      if (error instanceof BlockedError)
        return report(notApplicable(subject, `blocked by ${error.blocker.id} (above)`));
      report(mismatch(subject, `could not be checked: ${(error as Error).message}`));
    }
  };
  try {
    output.section('golden path');
    let run: Run | undefined;
    await probe('golden path', async () => {
      const golden = await goldenPathRun(ctx);
      run = golden.run;
      return golden.finding;
    });
    output.section('contract and settings');
    await probe('seq', async () => probeSeq(run, contract));
    await probe('tool calls', () => probeToolCalls(ctx));
    await probe('prompts.long', () => probeLongRun(ctx));
    await probe('resume', () => probeResume(ctx));
    await probe('Origin', () => probeOrigin(ctx));
  } finally {
    const closes = await connect.closeAll();
    if (closes.length > 0)
      report(
        mismatch(
          'close codes',
          closes.map((c) => c.message).join('; '),
          'the backend closes with 1011 only for a genuine internal fault, and with a close frame',
        ),
      );
  }
  return { stopped: undefined, findings };
}
