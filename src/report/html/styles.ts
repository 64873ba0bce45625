/** The report's stylesheet. System fonts only, so the page loads nothing. Text colours keep a contrast ratio of at least 4.5:1 on their backgrounds. */
export const REPORT_STYLES = `
:root { color-scheme: light; --text: #1f2937; --muted: #4b5563; --border: #d1d5db; --stripe: #f3f4f6; --accent: #0060a0; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--text); background: #ffffff; }
main { max-width: 1320px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.35rem; margin: 0 0 12px; overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 28px 0 8px; }
a { color: var(--accent); }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.subtitle, .hint, figcaption, .readout { color: var(--muted); }
.hint, figcaption { font-size: 0.9rem; margin: 0 0 8px; }
section.function, section.overview { border-top: 1px solid var(--border); padding-top: 24px; margin-top: 32px; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0 0 16px; }
.facts div { display: flex; gap: 6px; min-width: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.recommendation { border-left: 6px solid var(--border); background: #f9fafb; padding: 10px 16px; margin: 0 0 20px; }
.recommendation p { margin: 4px 0; }
.recommendation .headline { font-size: 1.15rem; }
.finding { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 0.85rem; font-weight: 600; color: #ffffff; }
.finding-over-provisioned { background: #0060a0; }
.finding-under-provisioned { background: #b91c1c; }
.finding-optimized { background: #15803d; }
.finding-insufficient-data { background: #92400e; }
.finding-no-viable-size { background: #7e22ce; }
.finding-border-over-provisioned { border-left-color: #0060a0; }
.finding-border-under-provisioned { border-left-color: #b91c1c; }
.finding-border-optimized { border-left-color: #15803d; }
.finding-border-insufficient-data { border-left-color: #92400e; }
.finding-border-no-viable-size { border-left-color: #7e22ce; }
figure { margin: 0; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 0 0 6px; font-size: 0.9rem; }
.legend li, .legend label { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 22px; height: 0; border-top: 3px solid; }
.swatch-p50 { border-top: 2px dashed #00795c; }
.swatch-p95 { border-top-color: #0060a0; box-shadow: 0 3px 0 4px rgba(0, 96, 160, 0.2); }
.swatch-p99 { border-top: 2px dotted #7b3294; }
.swatch-cost { border-top-color: #c2410c; }
.swatch-floor { border-top: 2px dashed #b91c1c; }
.swatch-current { border-top: 2px dashed #475569; }
.swatch-recommended { border-top: 3px solid #15803d; }
.chart { min-height: 420px; width: 100%; }
.readout { font-size: 0.9rem; min-height: 1.5em; margin: 4px 0 0; font-variant-numeric: tabular-nums; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.88rem; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--border); text-align: left; vertical-align: top; }
thead th { background: var(--stripe); white-space: nowrap; }
.num { text-align: right; white-space: nowrap; }
tbody th { font-weight: 600; }
tr.row-current { background: #f1f5f9; }
tr.row-recommended { background: #ecfdf3; }
.mark-recommended { color: #15803d; }
.rejected { color: #b91c1c; }
.sortable button { font: inherit; font-weight: 600; color: var(--accent); background: none; border: 0; padding: 0; cursor: pointer; text-decoration: underline; }
.sortable th[aria-sort="ascending"] button::after { content: " \\25B2"; }
.sortable th[aria-sort="descending"] button::after { content: " \\25BC"; }
.sortable td:first-child { overflow-wrap: anywhere; }
.advisories, .assumptions, .warnings { padding-left: 20px; }
.advisory { margin-bottom: 10px; }
.advisory p { margin: 2px 0; }
.severity { display: inline-block; min-width: 64px; text-align: center; font-size: 0.8rem; font-weight: 600; border-radius: 4px; padding: 0 6px; color: #ffffff; }
.severity-critical .severity { background: #b91c1c; }
.severity-warning .severity { background: #92400e; }
.severity-info .severity { background: #0060a0; }
.label { color: var(--muted); }
footer { color: var(--muted); font-size: 0.85rem; margin-top: 40px; }
@media print { .legend input, .readout { display: none; } section.function { break-before: page; } }
`;
