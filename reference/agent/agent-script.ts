import type { RunEventType } from '../contract/agent-chat-types.ts';
import { citiesMentioned, describeWeather, WEATHER_TOOL, weatherFor } from './weather-tool.ts';

export type ScriptStep =
  | { readonly kind: 'event'; readonly type: RunEventType; readonly data: Readonly<Record<string, unknown>> }
  /** A long wait (the "model" thinking); the executor keeps the stream alive during it. */
  | { readonly kind: 'wait'; readonly ms: number };

export interface ScriptOptions {
  readonly runId: string;
  /** Used when the content says `long` without a duration. */
  readonly longRunMs: number;
  /** False under the short_runs dialect: `long` is then just a word, and no run waits. */
  readonly longRuns: boolean;
}

const MAX_LONG_RUN_MS = 600_000;

/**
 * The deterministic agent: what a run emits for a message, as data. One get_weather call per
 * known city mentioned (Paris when none); `long` or `long:<ms>` adds a wait before the calls.
 */
export function scriptFor(content: string, options: ScriptOptions): ScriptStep[] {
  const cities = citiesMentioned(content);
  const longMs = options.longRuns ? longRunDuration(content, options.longRunMs) : undefined;
  const steps: ScriptStep[] = [
    event('agent_started', {}),
    event('agent_thinking', { text: `Looking up the weather for ${cities.join(', ')}.` }),
  ];
  if (longMs !== undefined) steps.push({ kind: 'wait', ms: longMs });
  const reports = cities.map((city, index) => {
    const callId = `${options.runId.replace(/^run_/, 'call_')}_${index + 1}`;
    const result = weatherFor(city);
    if (index > 0) steps.push(event('agent_thinking', { text: `Next: ${city}.` }));
    steps.push(event('tool_executing', { call_id: callId, tool: WEATHER_TOOL, args: { city } }));
    steps.push(event('tool_completed', { call_id: callId, tool: WEATHER_TOOL, result }));
    return result;
  });
  steps.push(event('agent_completed', { answer: reports.map(describeWeather).join('. ') + '.' }));
  return steps;
}

/** `long` → the default duration, `long:1500` → 1500 ms, no `long` word → undefined. */
function longRunDuration(content: string, defaultMs: number): number | undefined {
  const match = /\blong(?::(\d+))?\b/i.exec(content);
  if (!match) return undefined;
  return Math.min(match[1] === undefined ? defaultMs : Number(match[1]), MAX_LONG_RUN_MS);
}

function event(type: RunEventType, data: Record<string, unknown>): ScriptStep {
  return { kind: 'event', type, data };
}
