import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { agentChatContract } from '../../framework/contract/agent-chat.ts';
import { loadContract } from '../../framework/contract/load-contract.ts';
import { ConfigError } from '../../framework/errors.ts';

describe('loadContract', () => {
  it('defaults to agent_chat', async () => {
    expect(await loadContract(undefined)).toBe(agentChatContract);
  });

  it('loads a user module that maps its own event names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-contract-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'my-contract.mjs');
    writeFileSync(
      file,
      `
      const names = { start: 'agent_started', think: 'agent_thinking', tool: 'tool_executing', tool_done: 'tool_completed', done: 'agent_completed', hello: 'connection_established' };
      export const contract = {
        name: 'acme', subprotocol: undefined, tokenSubprotocol: (t) => 'bearer.' + t,
        criticalEvents: ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'],
        startEvent: 'agent_started', completionEvent: 'agent_completed', toolStartEvent: 'tool_executing', toolEndEvent: 'tool_completed', readyEvent: 'connection_established',
        encodeUserMessage: (m) => JSON.stringify({ kind: 'ask', ref: m.id, text: m.content }),
        encodeResume: (r) => JSON.stringify({ kind: 'resume', run: r.runId, from: r.afterSeq }),
        decode: (text) => { const f = JSON.parse(text); return { type: names[f.kind] ?? f.kind, runId: f.run, seq: f.n, messageId: f.ref, raw: f }; },
        prompts: { simple: 'hi', twoTools: 'hi twice', long: (ms) => 'slow ' + ms },
      };`,
    );
    const contract = await loadContract(file);
    expect(contract.name).toBe('acme');
    expect(contract.decode('{"kind":"done","run":"r1","n":7,"ref":"m1"}')).toMatchObject({
      type: 'agent_completed',
      runId: 'r1',
      seq: 7,
      messageId: 'm1',
    });
  });

  it('a module without the contract fields is a ConfigError naming E2E_CONTRACT and what is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-contract-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'bad.mjs');
    writeFileSync(file, 'export const contract = { name: "half", decode: () => undefined };');
    const error = await loadContract(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(
      /^E2E_CONTRACT: .*bad\.mjs must export `contract` with tokenSubprotocol, criticalEvents/,
    );
  });

  it('a missing module is a ConfigError, not a crash', async () => {
    const error = await loadContract('./does-not-exist.ts').catch((e: unknown) => e);
    expect((error as ConfigError).variable).toBe('E2E_CONTRACT');
  });
});
