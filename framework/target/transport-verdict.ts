import type { AuthMode } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import type { Blocker } from './blockers.ts';
import type { TransportProbe } from './transport-probe.ts';

export interface TransportVerdict {
  /** A diagnosis that stops the run (exit 2): nothing can connect, so no check could say anything. */
  stop?: string;
  /** Causes that block some checks while others still run. */
  blockers: Blocker[];
}

const HOW: Record<AuthMode, string> = {
  header: 'Authorization: Bearer',
  subprotocol: 'the jwt.* subprotocol entry',
  query: 'the ?token= query parameter',
};

const isAuthRefusal = (p: TransportProbe) => p.kind === 'refused' && (p.status === 401 || p.status === 403);
const worked = (p: TransportProbe | undefined) => p?.kind === 'ready';

/**
 * Reads the probes of one valid token over each transport (and the subprotocol entry in other
 * encodings) into one diagnosis per cause: an upgrade that never happens stops the run; a header
 * that does not arrive, or an encoding the backend does not read, blocks the checks that use it.
 */
export function judgeTransports(
  probes: readonly TransportProbe[],
  o: { defaultTransport: AuthMode; contract: Contract; tokenSource: string; path: string },
): TransportVerdict {
  const main = probes.filter((p) => p.encoding === undefined);
  const by = (t: AuthMode) => main.find((p) => p.transport === t);
  const chat = o.contract.subprotocol;
  const fallback = by(o.defaultTransport) ?? main[0];
  if (!fallback) return { blockers: [] };

  // The upgrade itself does not get through: every check would fail the same way.
  if (fallback.kind === 'no_answer')
    return {
      blockers: [],
      stop: `an authenticated upgrade over ${HOW[fallback.transport]} got no answer: ${fallback.detail}`,
    };
  if (fallback.kind === 'refused' && !isAuthRefusal(fallback)) {
    const status = fallback.status ?? 0;
    return status >= 500 || status === 429
      ? { blockers: [], stop: `an authenticated upgrade to GET ${o.path} was answered ${fallback.detail}` }
      : {
          blockers: [],
          stop: `an authenticated GET ${o.path} was answered HTTP ${status} without Upgrade: a proxy that does not forward the Upgrade/Connection headers? (${fallback.detail})`,
        };
  }
  if (main.every(isAuthRefusal)) {
    return {
      blockers: [],
      stop: `a valid token (${o.tokenSource}) was refused over every transport (${main.map((p) => `${p.transport}: ${p.detail}`).join('; ')}): the backend does not accept the tokens the harness gets; check E2E_TOKEN_ISSUER, E2E_TOKEN_AUDIENCE, E2E_SIGNING_KEY or the accounts in E2E_USERS`,
    };
  }
  if (fallback.kind === 'no_ready' && !main.some(worked)) {
    return { blockers: [], stop: `the upgrade succeeded but the connection never became ready: ${fallback.detail}` };
  }

  const blockers: Blocker[] = [];
  const header = by('header');
  const sub = by('subprotocol');
  const query = by('query');
  const chatDropped = chat !== undefined && main.some((p) => p.status === 101 && p.selected === '');

  if (chatDropped && sub && !worked(sub)) {
    blockers.push({
      id: 'subprotocol_header',
      diagnosis: `Sec-WebSocket-Protocol does not arrive at the backend: an upgrade offering ${chat} was answered 101 with no subprotocol, and the token in the jwt.* entry was refused (${sub.detail}) while the same token in Authorization was accepted: a proxy that strips Sec-WebSocket-Protocol? E2E_AUTH_MODE=header still authenticates, but no client offering ${chat} can connect`,
      transports: ['subprotocol'],
      chatSubprotocol: true,
    });
    return { blockers };
  }
  const working = main.filter(worked).map((p) => p.transport);
  if (header && !worked(header) && working.length > 0) {
    blockers.push({
      id: 'authorization_header',
      diagnosis: `the Authorization header does not arrive at the backend (or is ignored there): a valid token in Authorization: Bearer was ${describe(header)} while the same token in ${working.map((t) => HOW[t]).join(' and ')} was accepted: a proxy that strips Authorization? E2E_AUTH_MODE=${working[0]} still works`,
      transports: ['header'],
      chatSubprotocol: false,
    });
  }
  if (sub && !worked(sub) && working.length > 0) {
    const other = probes.find((p) => p.transport === 'subprotocol' && p.encoding !== undefined && worked(p));
    const setting =
      other?.encoding === 'raw'
        ? 'the backend reads the jwt.* entry as the raw JWT (jwt.<JWT>), not as the contract encodes it: set tokenSubprotocol: (token) => `jwt.${token}` in your contract module (E2E_CONTRACT)'
        : other?.encoding === 'base64url'
          ? 'the backend reads the jwt.* entry as jwt.<base64url(JWT)>, not as the contract encodes it: set tokenSubprotocol: (token) => `jwt.${Buffer.from(token).toString("base64url")}` in your contract module (E2E_CONTRACT)'
          : `the backend does not read the token from the entry the contract builds (tokenSubprotocol in your contract module, E2E_CONTRACT), or does not take subprotocol tokens at all; E2E_AUTH_MODE=${working[0]} works`;
    blockers.push({
      id: 'subprotocol_token',
      diagnosis: `a valid token in the jwt.* subprotocol entry was ${describe(sub)} while the same token in ${working.map((t) => HOW[t]).join(' and ')} was accepted: ${setting}`,
      transports: ['subprotocol'],
      chatSubprotocol: false,
    });
  }
  if (query && !worked(query) && working.length > 0) {
    blockers.push({
      id: 'query_token',
      diagnosis: `a valid token in ?token= was ${describe(query)} although /health/websocket lists query in auth_modes, while ${working.map((t) => HOW[t]).join(' and ')} works: a proxy that drops the query string?`,
      transports: ['query'],
      chatSubprotocol: false,
    });
  }
  return { blockers };
}

function describe(p: TransportProbe): string {
  return p.kind === 'refused'
    ? `refused with ${p.detail}`
    : p.kind === 'no_ready'
      ? `upgraded but ${p.detail.replace(/^101, then /, '')}`
      : `not answered (${p.detail})`;
}
