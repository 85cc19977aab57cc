import type { IncomingMessage } from 'node:http';
import type { ActiveFaults } from '../../faults/fault-registry.ts';

export const CHAT_SUBPROTOCOL = 'agent_chat';

export type ProtocolSelector = (offered: Set<string>, req: IncomingMessage) => string | false;

/**
 * ws's handleProtocols hook. RFC 6455 §4.2.2: select one of the offered protocols or none;
 * never the jwt.* entry, which only carries the token. The faults break exactly that rule.
 */
export function createProtocolSelector(faults: ActiveFaults): ProtocolSelector {
  return (offered) => {
    if (faults.no_subprotocol_echo) return false;
    if (faults.echo_unoffered_subprotocol) return CHAT_SUBPROTOCOL;
    if (faults.echo_token_subprotocol) {
      const tokenEntry = [...offered].find((protocol) => protocol.startsWith('jwt.'));
      if (tokenEntry) return tokenEntry;
    }
    return offered.has(CHAT_SUBPROTOCOL) ? CHAT_SUBPROTOCOL : false;
  };
}

/**
 * ws does not call handleProtocols when nothing is offered, so echo_unoffered_subprotocol also
 * adds the header in the 'headers' hook, once.
 */
export function addUnofferedProtocolHeader(headers: string[]): void {
  if (!headers.some((line) => line.toLowerCase().startsWith('sec-websocket-protocol:'))) {
    headers.push(`Sec-WebSocket-Protocol: ${CHAT_SUBPROTOCOL}`);
  }
}
