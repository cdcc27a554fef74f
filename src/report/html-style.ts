/**
 * The report's stylesheet, inlined so the file works offline and as a CI artifact. Plain system
 * fonts, no images, colours chosen to stay readable when printed in grey.
 */
export const HTML_STYLE = `
:root { --pass: #1a7f37; --fail: #cf222e; --error: #8250df; --skip: #6e7781; --deviation: #9a6700; --definition-defect: #0969da;
  --line: #d0d7de; --soft: #f6f8fa; --text: #1f2328; --muted: #59636e; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.6rem; margin: 0 0 8px; }
h2 { font-size: 1.25rem; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1rem; margin: 16px 0 6px; }
h4, h5 { margin: 10px 0 4px; font-size: .9rem; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px;
  margin: 4px 0; overflow-x: auto; white-space: pre-wrap; word-break: break-word; max-height: 28em; overflow-y: auto; }
.verdict { display: inline-block; font-weight: 700; font-size: 1.1rem; padding: 6px 14px; border-radius: 6px; color: #fff; }
.verdict.v0 { background: var(--pass); } .verdict.v1 { background: var(--fail); } .verdict.v2 { background: var(--error); }
.run-facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
.run-facts dt { color: var(--muted); } .run-facts dd { margin: 0; word-break: break-all; }
.harness-errors { border: 2px solid var(--error); border-radius: 6px; padding: 8px 16px; background: #fbefff; }
.harness-errors ul { margin: 4px 0; }
.harness-errors h2, .help h2 { margin-top: 8px; }
.help { background: var(--soft); border-left: 4px solid var(--line); padding: 8px 14px; margin: 16px 0; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; }
th { background: var(--soft); }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.zero { color: #b0b7be; }
td.hot.fail { color: var(--fail); font-weight: 700; } td.hot.error { color: var(--error); font-weight: 700; }
td.hot.deviation { color: var(--deviation); font-weight: 700; }
td.hot.definition-defect { color: var(--definition-defect); font-weight: 700; }
.badge { display: inline-block; min-width: 6.5em; padding: 0 8px; text-align: center; font: 700 12px/1.8 system-ui, sans-serif;
  border-radius: 4px; color: #fff; text-transform: uppercase; letter-spacing: .03em; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.error { background: var(--error); }
.badge.skip { background: var(--skip); } .badge.deviation { background: var(--deviation); } .badge.definition-defect { background: var(--definition-defect); }
#filters { position: sticky; top: 0; z-index: 1; background: #fff; border-bottom: 1px solid var(--line);
  padding: 8px 0; display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: center; }
#filters fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: 10px; flex-wrap: wrap; }
#filters legend { float: left; margin-right: 6px; font-weight: 600; }
#filters input[type=search] { width: 18em; }
#visible-count { margin: 0; font-weight: 600; }
.scenario { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; }
.scenario > summary { cursor: pointer; padding: 6px 10px; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.scenario > summary .title { font-weight: 600; }
.scenario > summary .short-reason { color: var(--muted); }
.scenario[data-status=fail] { border-left: 5px solid var(--fail); }
.scenario[data-status=error] { border-left: 5px solid var(--error); }
.scenario[data-status=deviation] { border-left: 5px solid var(--deviation); }
.scenario[data-status=definition-defect] { border-left: 5px solid var(--definition-defect); }
.scenario-body { padding: 0 14px 10px; border-top: 1px solid var(--line); }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
.meta dt { color: var(--muted); } .meta dd { margin: 0; word-break: break-word; }
.reason { padding: 6px 10px; border-radius: 4px; background: var(--soft); }
.diff { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.exchange { border-top: 1px dashed var(--line); margin-top: 8px; }
.frames { border-collapse: collapse; width: 100%; } .frames td { vertical-align: top; padding: 1px 6px; }
.frames td.at, .frames td.dir { white-space: nowrap; color: var(--muted); } .frames pre { margin: 0; }
.req-res { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
@media (max-width: 800px) { .diff, .req-res { grid-template-columns: 1fr; } }
.no-match { color: var(--muted); font-style: italic; }
`;
