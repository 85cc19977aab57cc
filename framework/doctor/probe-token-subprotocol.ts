import type { Contract } from '../contract/types.ts';
import type { PreflightReport } from '../target/preflight.ts';
import type { TransportProbe } from '../target/transport-probe.ts';
import { mismatch, notApplicable, ok, type Finding } from './finding.ts';
import { probeOutcome } from './probe-outcome.ts';

const SUBJECT = 'auth: subprotocol';

const ONE_LINER: Record<NonNullable<TransportProbe['encoding']>, { entry: string; setting: string }> = {
  raw: { entry: 'jwt.<raw JWT>', setting: 'tokenSubprotocol: (token) => `jwt.${token}`' },
  base64url: {
    entry: 'jwt.<base64url(JWT)>',
    setting: 'tokenSubprotocol: (token) => `jwt.${Buffer.from(token).toString("base64url")}`',
  },
};

/**
 * Whether the backend reads the token from the `jwt.*` subprotocol entry the contract builds,
 * from the preflight's probes: when it refuses the contract's entry but takes another common
 * encoding, the finding names contract.tokenSubprotocol and the line to set.
 */
export function probeTokenSubprotocol(report: PreflightReport, contract: Contract): Finding {
  if (!contract.subprotocol)
    return notApplicable(SUBJECT, 'the contract has no subprotocol: no token travels in Sec-WebSocket-Protocol');
  const own = report.probes.find((p) => p.transport === 'subprotocol' && p.encoding === undefined);
  if (!own) return notApplicable(SUBJECT, 'not probed: /health/websocket does not list subprotocol in auth_modes');
  if (own.kind === 'ready')
    return ok(SUBJECT, `${own.detail}: the backend reads the entry the contract builds (tokenSubprotocol)`);
  const blocker = report.blockers.find((b) => b.transports.includes('subprotocol'));
  const other = report.probes.find(
    (p) => p.transport === 'subprotocol' && p.encoding !== undefined && p.kind === 'ready',
  );
  if (blocker?.id === 'subprotocol_token' && other?.encoding) {
    const { entry, setting } = ONE_LINER[other.encoding];
    return mismatch(
      SUBJECT,
      `the contract's jwt.* entry was ${probeOutcome(own)}, while ${entry} was accepted (${other.detail})`,
      `set contract.tokenSubprotocol in your contract module (E2E_CONTRACT): ${setting}`,
    );
  }
  return mismatch(
    SUBJECT,
    `a valid token in the contract's jwt.* entry was ${probeOutcome(own)}`,
    blocker?.diagnosis ?? own.detail,
  );
}
