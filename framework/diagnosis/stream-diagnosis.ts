import { performance } from 'node:perf_hooks';
import type { CloseInfo } from '../client/chat-client.ts';
import type { Run } from '../client/run.ts';
import type { Timeline, TimelineEntry } from '../client/timeline.ts';

export type StreamVerdict = 'ok' | 'quiet' | 'stalled' | 'idle_cut' | 'cut' | 'closed';

export interface StreamDiagnosis {
  verdict: StreamVerdict;
  /** Largest silence between inbound frames (pings included) while the run was open, in ms. */
  largestGapMs: number;
  /** When the stream went quiet, in ms from the user message (the start of the longest silence). */
  quietFromMs: number | undefined;
  /** How long it stayed quiet. */
  quietForMs: number;
  /** The last frame before the silence, as the timeline shows it. */
  lastFrame: string;
  likelyCause: string;
  /** One paragraph for a failure message or a report. */
  message: string;
}

export interface StreamLimits {
  /** The contract's bound on silence during a run. */
  keepaliveMs: number;
  /** A 1006 after at least this much quiet looks like an idle cut by something in between. */
  proxyIdleHintMs: number;
  /** When the run was given up on, for a run still open (default: now). */
  now?: number;
}

/**
 * Says how a streamed run went from the client's side: kept alive, went quiet, stalled with the
 * socket open (server stall), cut without a close frame after a quiet period (an idle timeout
 * in a proxy), cut without one otherwise, or closed by the server.
 */
export function diagnoseStream(
  client: { timeline: Timeline; closeInfo: CloseInfo | undefined },
  run: Run,
  limits: StreamLimits,
): StreamDiagnosis {
  const { timeline, closeInfo } = client;
  const completion = run.outcome === 'completed' ? run.events.at(-1) : undefined;
  const end = completion?.at ?? closeInfo?.at ?? limits.now ?? performance.now();
  const gap = timeline.largestInboundGap(run.sentAt, end);
  const rel = (t: number) => `+${Math.round(t - run.sentAt)} ms`;
  const frame = (e: TimelineEntry | undefined) => (e ? `${describeEntry(e)} at ${rel(e.t)}` : 'sending the message');
  const base = {
    largestGapMs: Math.round(gap.gapMs),
    quietFromMs: gap.after ? Math.round(gap.after.t - run.sentAt) : undefined,
  };

  if (run.outcome === 'completed') {
    const ok = gap.gapMs < limits.keepaliveMs;
    const likelyCause = ok ? 'none' : 'the server sends neither events nor pings during a long wait (no keepalive)';
    const message = ok
      ? `stream kept alive: largest gap ${Math.round(gap.gapMs)} ms after ${frame(gap.after)}, under the keepalive bound of ${limits.keepaliveMs} ms`
      : `stream went quiet for ${Math.round(gap.gapMs)} ms after ${frame(gap.after)}, over the keepalive bound of ${limits.keepaliveMs} ms; ` +
        `a proxy or load balancer with an idle timeout under ${Math.round(gap.gapMs)} ms would cut it. Likely cause: ${likelyCause}`;
    return {
      ...base,
      verdict: ok ? 'ok' : 'quiet',
      quietForMs: base.largestGapMs,
      lastFrame: frame(gap.after),
      likelyCause,
      message,
    };
  }

  const lastIn = lastInbound(timeline, run.sentAt, end);
  const quietForMs = Math.round(end - (lastIn?.t ?? run.sentAt));
  const lastFrame = frame(lastIn);
  const lastEvent = run.events.at(-1);
  const lastEventText = lastEvent
    ? `${lastEvent.type}${lastEvent.seq !== undefined ? ` seq ${lastEvent.seq}` : ''} at ${rel(lastEvent.at)}`
    : 'no event of the run';
  const quietFrom = {
    largestGapMs: Math.max(base.largestGapMs, quietForMs),
    quietFromMs: lastIn ? Math.round(lastIn.t - run.sentAt) : 0,
  };
  const lastEventNote =
    lastIn?.kind === 'in' && lastIn.seq === lastEvent?.seq ? '' : `; last event of the run: ${lastEventText}`;

  if (closeInfo && closeInfo.code === 1006 && closeInfo.by === 'none') {
    const idle = quietForMs >= limits.proxyIdleHintMs;
    const likelyCause = idle
      ? `an idle timeout in a proxy or load balancer between client and server: the stream was quiet ${quietForMs} ms (≥ ${limits.proxyIdleHintMs} ms) and then cut without a close frame; keep the stream busier than that timeout (keepalive) or raise it`
      : `the server process or the network failed: the stream had been quiet only ${quietForMs} ms, too short for an idle cut`;
    const message = `stream cut without a close frame (1006) at ${rel(closeInfo.at)}, after ${quietForMs} ms of quiet following ${lastFrame}${lastEventNote}. Likely cause: ${likelyCause}`;
    return { ...quietFrom, verdict: idle ? 'idle_cut' : 'cut', quietForMs, lastFrame, likelyCause, message };
  }
  if (closeInfo && closeInfo.by !== 'client') {
    const likelyCause = CLOSE_CAUSES[closeInfo.code] ?? `the server closed the connection (code ${closeInfo.code})`;
    const message = `stream closed by the server with ${closeInfo.code}${closeInfo.reason ? ` "${closeInfo.reason}"` : ''} at ${rel(closeInfo.at)}; last event: ${lastEventText}. Likely cause: ${likelyCause}`;
    return { ...quietFrom, verdict: 'closed', quietForMs, lastFrame, likelyCause, message };
  }
  const sinceEvent = lastEvent?.at ?? run.sentAt;
  const pings = timeline.entries.filter(
    (e) => e.kind === 'ping' && e.direction === 'in' && e.t > sinceEvent && e.t <= end,
  ).length;
  const likelyCause =
    pings > 0
      ? `the server stalled this run: the connection stayed alive (${pings} server ping(s) after the last event) but the run sent nothing more`
      : 'the server stalled this run or stopped answering: the socket stayed open without a close, so nothing in between cut it';
  const message = `stream went quiet at ${rel(sinceEvent)} after ${lastEventText} and stayed open ${Math.round(end - sinceEvent)} ms with no further event of the run (${run.detail}). Likely cause: ${likelyCause}`;
  return {
    ...quietFrom,
    quietFromMs: Math.round(sinceEvent - run.sentAt),
    verdict: 'stalled',
    quietForMs: Math.round(end - sinceEvent),
    lastFrame,
    likelyCause,
    message,
  };
}

const CLOSE_CAUSES: Record<number, string> = {
  1001: 'the server is going away (restart, deployment or an idle limit)',
  1008: 'a policy close (an expired token or a rate limit)',
  1009: 'a frame over the size limit',
  1011: 'an internal error in the server (1011)',
  1012: 'the server is restarting (1012)',
  1013: 'the server is overloaded (1013: try again later)',
};

function lastInbound(timeline: Timeline, from: number, to: number): TimelineEntry | undefined {
  let last: TimelineEntry | undefined;
  for (const e of timeline.entries) {
    if (e.t < from || e.t >= to) continue;
    if (e.kind === 'in' || ((e.kind === 'ping' || e.kind === 'pong') && e.direction === 'in')) last = e;
  }
  return last;
}

function describeEntry(e: TimelineEntry): string {
  if (e.kind === 'in') return `${e.type}${e.seq !== undefined ? ` seq ${e.seq}` : ''}`;
  if (e.kind === 'ping' || e.kind === 'pong') return `a ${e.kind}`;
  if (e.kind === 'close') return `close ${e.code}`;
  return e.kind;
}
