import { describe, expect, it } from 'vitest';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import type { TransportProbe } from '../../framework/target/transport-probe.ts';
import { judgeTransports } from '../../framework/target/transport-verdict.ts';

const ready = (transport: TransportProbe['transport'], selected = 'agent_chat'): TransportProbe => ({
  transport,
  kind: 'ready',
  status: 101,
  selected,
  detail: `101 (${selected}), connection_established`,
});
const refused = (
  transport: TransportProbe['transport'],
  status = 401,
  body = '{"error":"missing_token"}',
): TransportProbe => ({ transport, kind: 'refused', status, detail: `HTTP ${status} ${body}` });
const judge = (probes: TransportProbe[], defaultTransport: 'header' | 'subprotocol' = 'header') =>
  judgeTransports(probes, { defaultTransport, contract, tokenSource: 'a login as qa@example.com', path: '/ws' });

describe('judgeTransports: one valid token over each transport, one diagnosis per cause', () => {
  it('all transports ready: no cause', () => {
    expect(judge([ready('header'), ready('subprotocol'), ready('query')])).toEqual({ blockers: [] });
  });

  it('an authenticated upgrade answered 426 stops the run, naming the Upgrade header', () => {
    const v = judge([refused('header', 426, '{"error":"upgrade_required"}'), refused('subprotocol', 426)]);
    expect(v.stop).toMatch(
      /^an authenticated GET \/ws was answered HTTP 426 without Upgrade: a proxy that does not forward the Upgrade\/Connection headers\?/,
    );
  });

  it('a 502 stops the run with the status, not a guess about Upgrade', () => {
    expect(judge([refused('header', 502, 'Bad Gateway'), refused('subprotocol', 502)]).stop).toMatch(
      /^an authenticated upgrade to GET \/ws was answered HTTP 502/,
    );
  });

  it('a valid token refused everywhere stops the run, naming the token settings', () => {
    expect(judge([refused('header'), refused('subprotocol')]).stop).toMatch(
      /refused over every transport .*E2E_TOKEN_ISSUER, E2E_TOKEN_AUDIENCE, E2E_SIGNING_KEY or the accounts in E2E_USERS/,
    );
  });

  it('header refused, subprotocol ready: the Authorization header does not arrive; subprotocol still works', () => {
    const v = judge([refused('header'), ready('subprotocol')]);
    expect(v.stop).toBeUndefined();
    expect(v.blockers).toEqual([
      expect.objectContaining({ id: 'authorization_header', transports: ['header'], chatSubprotocol: false }),
    ]);
    expect(v.blockers[0]!.diagnosis).toMatch(
      /the Authorization header does not arrive at the backend .* E2E_AUTH_MODE=subprotocol still works$/,
    );
  });

  it('chat protocol not selected and the jwt.* entry refused: Sec-WebSocket-Protocol does not arrive', () => {
    const v = judge([ready('header', ''), refused('subprotocol')]);
    expect(v.blockers).toEqual([
      expect.objectContaining({ id: 'subprotocol_header', transports: ['subprotocol'], chatSubprotocol: true }),
    ]);
    expect(v.blockers[0]!.diagnosis).toMatch(/^Sec-WebSocket-Protocol does not arrive at the backend/);
  });

  it('the entry refused, the raw JWT accepted: names tokenSubprotocol and the encoding to set', () => {
    const v = judge([ready('header'), refused('subprotocol'), { ...ready('subprotocol'), encoding: 'raw' }]);
    expect(v.blockers).toEqual([expect.objectContaining({ id: 'subprotocol_token', transports: ['subprotocol'] })]);
    expect(v.blockers[0]!.diagnosis).toContain(
      'set tokenSubprotocol: (token) => `jwt.${token}` in your contract module (E2E_CONTRACT)',
    );
  });

  it('a stripped Sec-WebSocket-Protocol is not mistaken for an encoding problem', () => {
    const v = judge([ready('header', ''), refused('subprotocol'), { ...refused('subprotocol'), encoding: 'raw' }]);
    expect(v.blockers.map((b) => b.id)).toEqual(['subprotocol_header']);
  });

  it('a default transport that upgrades but never gets ready stops the run', () => {
    const garbage: TransportProbe = {
      transport: 'header',
      kind: 'no_ready',
      status: 101,
      selected: 'agent_chat',
      detail: '101, then no connection_established within 3000 ms (first frame: opcode 15)',
    };
    expect(judge([garbage, { ...garbage, transport: 'subprotocol' }]).stop).toMatch(
      /the upgrade succeeded but the connection never became ready/,
    );
  });
});
