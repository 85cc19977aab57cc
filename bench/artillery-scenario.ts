/** Artillery's side of the same golden path, written into .artillery/bench/ at run time. */

// Artillery's `send`/`wait` steps install one message handler per step; a server that streams
// frames back to back races them (a frame lands on the previous step's handler, or before any
// handler: "Callback was already called", lost connection_established). A processor function on
// the engine's own socket is Artillery's way for such protocols, and what this scenario uses.
export const PROCESSOR = `module.exports = {
  auth(wsArgs, context, done) {
    wsArgs.options = Object.assign({}, wsArgs.options, { headers: { Authorization: 'Bearer ' + process.env.GP_BENCH_TOKEN }, perMessageDeflate: false });
    wsArgs.subprotocols = ['agent_chat'];
    done();
  },
  async goldenPath(context, events) {
    const ws = context.ws;
    const id = 'a' + Math.random().toString(36).slice(2);
    const order = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];
    await new Promise((resolve, reject) => {
      let next = 0;
      const timer = setTimeout(() => finish(new Error('golden path timed out')), 10000);
      function onMessage(data) {
        let m;
        try { m = JSON.parse(data); } catch { return; }
        if (m.message_id !== id) return;
        events.emit('counter', 'golden_path.events', 1);
        if (m.type !== order[next]) return finish(new Error('unexpected ' + m.type));
        next += 1;
        if (next === order.length) finish();
      }
      function finish(error) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        error ? reject(error) : resolve();
      }
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ type: 'user_message', id, content: ${JSON.stringify('What is the weather in Paris?')} }));
    });
  },
};
`;

/** A session: connect, let connection_established arrive, `runs` golden paths, close. */
export function scenarioYaml(
  wsUrl: string,
  phase: { durationS: number; arrivalRate?: number; arrivalCount?: number },
  runs: number,
): string {
  const arrivals =
    phase.arrivalCount !== undefined ? `arrivalCount: ${phase.arrivalCount}` : `arrivalRate: ${phase.arrivalRate}`;
  return `config:
  target: "${wsUrl}"
  processor: "./processor.cjs"
  phases:
    - duration: ${phase.durationS}
      ${arrivals}
scenarios:
  - engine: ws
    flow:
      - connect:
          function: "auth"
      - think: 0.1
      - loop:
          - function: "goldenPath"
        count: ${runs}
`;
}
