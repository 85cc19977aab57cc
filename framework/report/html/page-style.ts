/** The report's only stylesheet, inlined: the file must open offline, from a CI artifact or a mail. */
export const PAGE_STYLE = `
:root { --fg:#1d2330; --muted:#667085; --line:#d0d5dd; --bg:#fff; --pass:#12805c; --fail:#c4320a; --skip:#8a8f98; --accent:#3757d6; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0; padding: 24px 32px 64px; max-width: 1200px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; } h4 { font-size: 14px; margin: 12px 0 4px; }
.muted { color: var(--muted); } code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.evidence { background: #f7f7f8; border: 1px solid var(--line); border-left: 4px solid var(--fail); padding: 10px 12px; overflow: auto; max-height: 480px; white-space: pre-wrap; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; color: #fff; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.skip, .badge.not_applicable { background: var(--skip); } .badge.blocked { background: #8a6d00; }
.verdict-banner { font-size: 16px; margin: 8px 0 16px; }
table { border-collapse: collapse; margin: 6px 0 12px; } th, td { border-bottom: 1px solid var(--line); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { font-weight: 600; color: var(--muted); font-size: 12px; } td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; padding-left: 12px; }
.meta td:first-child { color: var(--muted); padding-right: 18px; }
.failure { border: 1px solid #f4c7b8; background: #fff8f5; border-radius: 6px; padding: 8px 16px 12px; margin: 12px 0; }
.failure .headline { display: block; font-weight: 600; color: var(--fail); margin: 4px 0 4px 20px; }
.warning { border: 1px solid #e9d28a; background: #fffbe6; border-radius: 6px; padding: 6px 12px; margin: 8px 0; }
details > summary { cursor: pointer; padding: 3px 0; } details.suite, details.runs-fold, details.load-fold, details.checks-fold, details#settings { border-bottom: 1px solid var(--line); padding: 2px 0; }
details[open] > summary { margin-bottom: 4px; }
.digest h2 { margin-top: 12px; } .digest ol { list-style: none; padding: 0; margin: 0 0 12px; }
.digest li.cause { border-left: 4px solid var(--fail); background: #fff8f5; padding: 6px 10px; margin: 4px 0; }
.digest li.preflight { border-left-color: #8a6d00; background: #fffbe6; } .digest li.load { border-left-color: #e07b39; }
.digest .what { color: var(--fail); } .digest li.preflight .what { color: #8a6d00; } .digest .reach { color: var(--muted); }
.digest a.first, a.cause-ref { margin-left: 8px; font-size: 12px; color: var(--accent); }
.digest ul.consequences { list-style: none; padding-left: 22px; margin: 2px 0 0; color: var(--muted); }
.digest .all-good { font-size: 15px; color: var(--pass); font-weight: 600; }
table.checks { width: 100%; table-layout: fixed; } col.c-verdict { width: 84px; } col.c-check { width: 26%; } col.c-expected { width: 22%; } col.c-wire { width: 13%; } col.c-time { width: 72px; }
details.long > summary { display: list-item; } details.long .full { white-space: pre-wrap; font: 12px/1.4 ui-monospace, monospace; max-height: 320px; overflow: auto; }
.run { margin: 10px 0 16px; } .violation { color: var(--fail); font: 12px ui-monospace, monospace; } .run-head { margin-bottom: 2px; }
tr.fail td { color: var(--fail); } tr.fail td.num { color: inherit; }
svg text { font: 11px system-ui, sans-serif; fill: var(--fg); } svg .tick { fill: var(--muted); font-size: 10px; }
svg .ev-time { fill: var(--muted); font-size: 10px; } svg .chart-title { font-weight: 600; }
svg .row { stroke: #eef0f3; } svg .axis { stroke: #98a2b3; }
svg .event { fill: var(--accent); } svg .ev-agent_completed { fill: var(--pass); } svg .ev-error { fill: var(--fail); }
svg .tool { fill: #f5b83d; opacity: .7; } svg .tool-open { fill: none; stroke: var(--fail); stroke-dasharray: 4 3; }
svg .missing { fill: #fff; stroke: var(--fail); stroke-width: 2; stroke-dasharray: 3 2; } svg .missing-label { fill: var(--fail); font-weight: 600; }
svg .expected-window { stroke: var(--fail); stroke-dasharray: 2 4; opacity: .6; }
svg .gap { fill: #98a2b3; opacity: .12; } svg .stall { fill: var(--fail); opacity: .08; } svg .stall-label { fill: var(--fail); font-size: 10px; } svg .end-ok { stroke: var(--pass); stroke-dasharray: 3 3; } svg .end-bad { stroke: var(--fail); stroke-width: 2; }
svg .series { fill: none; stroke-width: 1.5; } svg .arrivals { stroke: #98a2b3; } svg .completed { stroke: var(--pass); } svg .pt { fill: var(--pass); }
svg .lat-handshake { stroke: var(--accent); } svg .lat-completion { stroke: #b54708; } svg .lat-p50 { stroke-dasharray: 4 3; } svg circle.lat-handshake { fill: var(--accent); stroke: none; } svg circle.lat-completion { fill: #b54708; stroke: none; }
svg .fail-handshake_failed { fill: #c4320a; } svg .fail-ready_timeout { fill: #e62e05; } svg .fail-timeout { fill: #f79009; } svg .fail-closed { fill: #7a2e0e; } svg .fail-broken { fill: #d92d20; } svg .fail-leaked { fill: #6941c6; } svg .fail-not_started { fill: #98a2b3; }
.over-time { margin: 6px 0; }
svg .bar { fill: var(--accent); opacity: .8; } svg line.limit { stroke-width: 2; } svg line.limit-met { stroke: #8a8f98; } svg line.limit-crossed { stroke: var(--fail); }
svg text.limit { font-size: 10px; fill: var(--muted); } svg text.limit-crossed { fill: var(--fail); font-weight: 600; } svg .mark { stroke: var(--fail); stroke-dasharray: 4 2; } svg .mark-p50 { stroke: var(--pass); }
.charts { display: flex; flex-wrap: wrap; gap: 12px 24px; }
.baseline ul { list-style: none; padding-left: 8px; margin: 2px 0 8px; } .baseline .new-failures li, .baseline li.worse { color: var(--fail); } .baseline .fixed li, .baseline li.better { color: var(--pass); }
.baseline .no-change { color: var(--muted); }
nav a { margin-right: 14px; color: var(--accent); text-decoration: none; }
table.tests, table.meta { width: 100%; } .meta td:first-child { width: 150px; }
`;
