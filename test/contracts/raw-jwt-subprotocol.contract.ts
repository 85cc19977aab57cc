// A backend that reads the token from `jwt.<raw JWT>` in Sec-WebSocket-Protocol (REF_DIALECT=raw_jwt_subprotocol),
// as many Python and Go stacks do, instead of agent_chat's `jwt.<base64url(JWT)>`.
import { agentChatContract, type Contract } from 'golden-path/contract';

export const contract: Contract = {
  ...agentChatContract,
  tokenSubprotocol: (token) => `jwt.${token}`,
};
