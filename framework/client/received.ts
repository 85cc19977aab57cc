import type { ServerEvent } from '../contract/types.ts';

/** An event as a connection received it: the contract's decoding, when it came and its place on the connection. */
export interface ReceivedEvent extends ServerEvent {
  /** Monotonic receive time (performance.now()). */
  at: number;
  index: number;
}

/** How a connection ended: the close code and reason, and who closed it (`none`: cut without a close frame). */
export interface CloseInfo {
  code: number;
  reason: string;
  by: 'server' | 'client' | 'none';
  at: number;
}
