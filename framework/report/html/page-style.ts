/** The report's only stylesheet, inlined: the file must open offline, from a CI artifact or a mail. */
export const PAGE_STYLE = `
:root { --fg:#1d2330; --muted:#667085; --line:#d0d5dd; --bg:#fff; --pass:#12805c; --fail:#c4320a; --skip:#8a8f98; --accent:#3757d6; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0; padding: 24px 32px 64px; max-width: 1200px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; } h4 { font-size: 14px; margin: 12px 0 4px; }
.muted { color: var(--muted); } code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.evidence { background: #f7f7f8; border: 1px solid var(--line); border-left: 4px solid var(--fail); padding: 10px 12px; overflow-x: auto; max-height: 480px; white-space: pre; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; color: #fff; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.skip, .badge.not_applicable { background: var(--skip); } .badge.blocked { background: #8a6d00; }
.verdict-banner { font-size: 16px; margin: 8px 0 16px; }
table { border-collapse: collapse; margin: 6px 0 12px; } th, td { border-bottom: 1px solid var(--line); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; } td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; padding-left: 12px; }
.meta td:first-child { color: var(--muted); padding-right: 18px; }
.failure { border: 1px solid #f4c7b8; background: #fff8f5; border-radius: 6px; padding: 8px 16px 12px; margin: 12px 0; }
.failure .headline { font-weight: 600; color: var(--fail); margin: 4px 0 8px; }
.run { margin: 10px 0 16px; } .violation { color: var(--fail); font: 12px ui-monospace, monospace; } .run-head { margin-bottom: 2px; }
tr.fail td { color: var(--fail); } tr.fail td.num { color: inherit; }
svg text { font: 11px system-ui, sans-serif; fill: var(--fg); } svg .tick { fill: var(--muted); font-size: 10px; }
svg .ev-time { fill: var(--muted); font-size: 10px; } svg .chart-title { font-weight: 600; }
svg .row { stroke: #eef0f3; } svg .axis { stroke: #98a2b3; }
svg .event { fill: var(--accent); } svg .ev-agent_completed { fill: var(--pass); } svg .ev-error { fill: var(--fail); }
svg .tool { fill: #f5b83d; opacity: .7; } svg .end-ok { stroke: var(--pass); stroke-dasharray: 3 3; } svg .end-bad { stroke: var(--fail); stroke-width: 2; }
svg .bar { fill: var(--accent); opacity: .8; } svg .mark { stroke: var(--fail); stroke-dasharray: 4 2; } svg .mark-p50 { stroke: var(--pass); }
.charts { display: flex; flex-wrap: wrap; gap: 12px 24px; }
nav a { margin-right: 14px; color: var(--accent); text-decoration: none; }
`;
