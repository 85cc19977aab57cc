import type { Timeline } from '../client/timeline.ts';

/** How one virtual user's golden path ended. */
export type UserStatus =
  | 'ok'
  /** The upgrade was refused (HTTP status) or failed (timeout, reset, refused connection). */
  | 'handshake_failed'
  /** Upgraded, but the ready event never came. */
  | 'ready_timeout'
  /** The run stalled or ran out of time. */
  | 'timeout'
  /** The server closed the connection before the run completed. */
  | 'closed'
  /** The run completed but broke a golden-path rule (missing, reordered, duplicated events...). */
  | 'broken'
  /** The connection received another user's events. */
  | 'leaked'
  /** The wall-clock bound ended the load before this user started, or the client had no room for it. */
  | 'not_started';

/** The figures recorded per user, in ms from the user's (intended) start, except the gap. */
export const LOAD_FIGURES = ['handshake', 'ready', 'first_event', 'completion', 'largest_gap'] as const;
export type LoadFigure = (typeof LOAD_FIGURES)[number];

export interface UserOutcome {
  index: number;
  userId: string;
  status: UserStatus;
  /** One line saying what went wrong ('' when ok). */
  detail: string;
  /** HTTP status of a refused upgrade, or `timeout` / an error code when no response came. */
  handshakeFailure?: string;
  /** Final close code of an upgraded connection: 1000 when the harness closed it cleanly after its run. */
  closeCode?: number;
  timings: Partial<Record<LoadFigure, number>>;
  /** Frames received from the server on this connection. */
  frames: number;
  /** This user's run id, and ids of other runs whose events reached this connection. */
  runId?: string;
  foreignRunIds: string[];
  /** The connection's timeline, kept only while the outcome may be shown as one of the worst. */
  timeline?: Timeline;
}
