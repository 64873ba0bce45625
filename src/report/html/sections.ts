import type { Analysis, Candidate, Finding } from '../../analysis/analysis.js';
import {
  formatDurationMs,
  formatDurationRange,
  formatPercent,
  formatPercentRange,
  formatUsdRange,
} from '../number-format.js';
import { formatP95WithInterval } from '../number-format.js';
import { buildChartData, memoryFloorMb } from './chart-data.js';
import { escapeHtml, jsonForScriptElement } from './escape.js';

/** Builds markup from a template literal, HTML-escaping every interpolated value that is not already SafeHtml. */
function html(strings: TemplateStringsArray, ...values: (string | number | SafeHtml)[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += value instanceof SafeHtml ? value.text : escapeHtml(String(value));
    out += strings[index + 1] ?? '';
  });
  return new SafeHtml(out);
}

/** Markup that is already escaped. */
export class SafeHtml {
  constructor(readonly text: string) {}
}

function join(parts: SafeHtml[], separator = '\n'): SafeHtml {
  return new SafeHtml(parts.map((part) => part.text).join(separator));
}

export function sectionId(index: number): string {
  return `function-${index + 1}`;
}

/** Lower ranks sort first: findings that need action come before the rest. */
const FINDING_RANK: Record<Finding, number> = {
  'under-provisioned': 0,
  'over-provisioned': 1,
  'no-viable-size': 2,
  'insufficient-data': 3,
  optimized: 4,
};

/** Renders the fleet overview: one row per function, sortable by function, finding and savings. */
export function renderOverview(analyses: Analysis[]): SafeHtml {
  const rows = analyses.map((analysis, index) => {
    const recommendation = analysis.recommendation;
    const savings = recommendation.monthlySavingsUsd;
    const target = recommendation.memorySizeMb === null ? 'no change' : `${recommendation.memorySizeMb} MB`;
    // Rows without a savings figure sort below every real figure in descending order.
    const savingsKey = savings === null || !Number.isFinite(savings.low) ? -Number.MAX_VALUE : savings.low;
    return html`<tr>
  <td data-sort="${analysis.function.name.toLowerCase()}"><a href="#${sectionId(index)}">${analysis.function.name}</a></td>
  <td class="num">${analysis.function.currentMemorySizeMb} MB</td>
  <td class="num">${target}</td>
  <td data-sort="${FINDING_RANK[recommendation.finding]}"><span class="finding finding-${recommendation.finding}">${recommendation.finding}</span></td>
  <td class="num" data-sort="${savingsKey}">${formatUsdRange(savings)}</td>
</tr>`;
  });
  return html`<section class="overview" aria-labelledby="overview-title">
<h2 id="overview-title">Overview: ${analyses.length} functions</h2>
<p class="hint">Select a column heading to sort. Savings sort by the low end of their range.</p>
<table class="sortable">
<thead><tr>
  <th scope="col" aria-sort="none"><button type="button" data-sort-type="text">Function</button></th>
  <th scope="col" class="num">Current</th>
  <th scope="col" class="num">Recommended</th>
  <th scope="col" aria-sort="none"><button type="button" data-sort-type="number">Finding</button></th>
  <th scope="col" class="num" aria-sort="none"><button type="button" data-sort-type="number" data-first-direction="descending">Monthly savings</button></th>
</tr></thead>
<tbody>
${join(rows)}
</tbody>
</table>
</section>`;
}

/** Renders one function: header, recommendation, chart, justification table, observed sizes, advisories, assumptions, warnings. */
export function renderFunctionSection(analysis: Analysis, index: number): SafeHtml {
  const id = sectionId(index);
  return html`<section class="function" id="${id}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${analysis.function.name}</h2>
${renderFacts(analysis)}
${renderRecommendation(analysis)}
${renderChart(analysis, id)}
${renderCandidates(analysis)}
${renderObserved(analysis)}
${renderAdvisories(analysis)}
${renderAssumptions(analysis)}
${renderWarnings(analysis)}
</section>`;
}

function renderFacts(analysis: Analysis): SafeHtml {
  const config = analysis.function;
  const windowText =
    analysis.window.start === null ? 'no timestamps' : `${analysis.window.start} to ${analysis.window.end ?? '?'}`;
  // One size needs no per-size count: it would repeat the total.
  const sizes =
    analysis.observed.length === 1
      ? `${analysis.observed[0]!.memorySizeMb} MB`
      : analysis.observed.map((size) => `${size.memorySizeMb} MB (${size.invocations.toLocaleString('en-US')})`).join(', ');
  return html`<dl class="facts">
  <div><dt>Memory</dt><dd>${config.currentMemorySizeMb} MB</dd></div>
  <div><dt>Runtime</dt><dd>${config.runtime ?? 'unknown'}</dd></div>
  <div><dt>Architecture</dt><dd>${config.architecture}</dd></div>
  <div><dt>Region</dt><dd>${config.region}</dd></div>
  <div><dt>Source</dt><dd>${analysis.source.kind === 'logs' ? 'REPORT logs' : 'AWS'}: ${analysis.source.detail.join(', ')}</dd></div>
  <div><dt>Window</dt><dd>${windowText}</dd></div>
  <div><dt>Invocations</dt><dd>${analysis.invocations.toLocaleString('en-US')} at ${sizes}</dd></div>
</dl>`;
}

function renderRecommendation(analysis: Analysis): SafeHtml {
  const recommendation = analysis.recommendation;
  const target = recommendation.memorySizeMb === null ? 'no change' : `${recommendation.memorySizeMb} MB`;
  const savings =
    recommendation.monthlySavingsUsd !== null && recommendation.memorySizeMb !== analysis.function.currentMemorySizeMb
      ? html`<p>Monthly savings: <strong data-field="monthly-savings">${formatUsdRange(recommendation.monthlySavingsUsd)}</strong> at ${formatRate(analysis)}</p>`
      : html``;
  return html`<div class="recommendation finding-border-${recommendation.finding}">
<p class="headline">Recommendation: <strong data-field="recommended-memory">${target}</strong> <span class="finding finding-${recommendation.finding}" data-field="finding">${recommendation.finding}</span></p>
<p>${recommendation.reason}</p>
${savings}
</div>`;
}

function formatRate(analysis: Analysis): string {
  const rate = analysis.assumptions.invocationsPerMonth;
  if (rate.value === null) return 'an unknown rate';
  const source = rate.source === 'user' ? 'as given' : 'the rate observed in the window';
  return `${Math.round(rate.value).toLocaleString('en-US')} invocations a month (${source})`;
}

function renderChart(analysis: Analysis, id: string): SafeHtml {
  const floor = memoryFloorMb(analysis);
  const floorText =
    floor === null
      ? 'no memory floor (no size reported Max Memory Used)'
      : `memory floor ${formatMb(floor)} MB (peak Max Memory Used + ${analysis.assumptions.headroomPercent}%)`;
  const recommended = analysis.recommendation.memorySizeMb;
  return html`<figure class="chart-figure">
<figcaption>P50, P95 and P99 duration (left axis, ms) and cost per 1M invocations (right axis, USD) against memory (log scale). Where the CPU share is unknown, each figure at a projected size is a band from I/O-bound to CPU-bound: shaded for P95, between two lines of the same style for the others (the cost band's upper line is dashed). Whiskers are the 95% confidence interval of an observed P95, and an arrow means the interval is open on that side.</figcaption>
<ul class="legend" aria-label="Chart series; untick to hide">
  <li><label><input type="checkbox" checked data-series="3,4,9"><span class="swatch swatch-p95"></span>P95 (points observed, band projected)</label></li>
  <li><label><input type="checkbox" checked data-series="1,2"><span class="swatch swatch-p50"></span>P50</label></li>
  <li><label><input type="checkbox" checked data-series="5,6"><span class="swatch swatch-p99"></span>P99</label></li>
  <li><label><input type="checkbox" checked data-series="7,8"><span class="swatch swatch-cost"></span>USD per 1M invocations (right axis)</label></li>
  <li><span class="swatch swatch-floor"></span>${floorText}</li>
  <li><span class="swatch swatch-current"></span>current ${analysis.function.currentMemorySizeMb} MB</li>
  <li><span class="swatch swatch-recommended"></span>${recommended === null ? 'no recommendation' : `recommended ${recommended} MB`}</li>
</ul>
<div class="chart" id="${id}-chart" data-chart="${id}-data" role="img" aria-label="Duration and cost against memory for ${analysis.function.name}"></div>
<p class="readout" id="${id}-readout" aria-live="polite">Point at the chart to read a size’s figures.</p>
<noscript><p>The chart needs JavaScript; the table below has every figure.</p></noscript>
<script type="application/json" id="${id}-data">${new SafeHtml(jsonForScriptElement(buildChartData(analysis)))}</script>
</figure>`;
}

function formatMb(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function statusCell(candidate: Candidate): SafeHtml {
  const marks: SafeHtml[] = [];
  if (candidate.isRecommended) marks.push(html`<strong class="mark-recommended">recommended</strong>`);
  if (candidate.isCurrent) marks.push(html`<span class="mark-current">current</span>`);
  if (candidate.viable) {
    if (marks.length === 0) marks.push(html`viable`);
    return join(marks, ', ');
  }
  return join([...marks, html`<span class="rejected">${candidate.rejections.join('; ')}</span>`], ', ');
}

function renderCandidates(analysis: Analysis): SafeHtml {
  const rows = analysis.candidates.map((candidate) => {
    const basis =
      candidate.kind === 'observed'
        ? `observed n=${candidate.invocations.toLocaleString('en-US')}`
        : `projected${candidate.inGrid ? '' : ', off grid'}`;
    const classes = [candidate.isRecommended ? 'row-recommended' : '', candidate.isCurrent ? 'row-current' : '']
      .filter(Boolean)
      .join(' ');
    return html`<tr class="${classes}" data-memory="${candidate.memorySizeMb}">
  <th scope="row" class="num">${candidate.memorySizeMb} MB</th>
  <td>${basis}</td>
  <td class="num" data-field="p50">${formatDurationRange(candidate.p50Ms)}</td>
  <td class="num" data-field="p95">${formatP95WithInterval(candidate)}</td>
  <td class="num" data-field="p99">${formatDurationRange(candidate.p99Ms)}</td>
  <td class="num">${formatDurationRange(candidate.billedMeanMs)}</td>
  <td class="num" data-field="cost">${formatUsdRange(candidate.costPerMillionUsd)}</td>
  <td class="num">${formatUsdRange(candidate.monthlyCostUsd)}</td>
  <td class="num">${formatPercentRange(candidate.changeVsCurrentPercent)}</td>
  <td class="num">${candidate.memoryHeadroomPercent === null ? '—' : formatPercent(candidate.memoryHeadroomPercent)}</td>
  <td>${statusCell(candidate)}</td>
</tr>`;
  });
  return html`<h3>P95 justification</h3>
<p class="hint">Ranges are the band from I/O-bound to CPU-bound where the CPU share is unknown. The P95 interval is the 95% confidence interval; … marks an open bound.</p>
<div class="table-scroll"><table class="candidates">
<thead><tr><th scope="col" class="num">Memory</th><th scope="col">Basis</th><th scope="col" class="num">P50 ms</th><th scope="col" class="num">P95 ms [95% CI]</th><th scope="col" class="num">P99 ms</th><th scope="col" class="num">Billed ms</th><th scope="col" class="num">$ / 1M inv</th><th scope="col" class="num">$ / month</th><th scope="col" class="num">vs current</th><th scope="col" class="num">Headroom</th><th scope="col">Status</th></tr></thead>
<tbody>
${join(rows)}
</tbody>
</table></div>`;
}

function renderObserved(analysis: Analysis): SafeHtml {
  const rows = analysis.observed.map((size) => {
    const memory = size.maxMemoryUsedMb;
    const mb = (value: number | null) => (value === null ? '—' : formatMb(value));
    const init =
      size.initDurationMs === null
        ? '—'
        : `${formatDurationMs(size.initDurationMs.p50)} / ${formatDurationMs(size.initDurationMs.p95)}`;
    return html`<tr>
  <th scope="row" class="num">${size.memorySizeMb} MB</th>
  <td class="num">${size.invocations.toLocaleString('en-US')}</td>
  <td class="num">${formatDurationMs(size.duration.meanMs)}</td>
  <td class="num">${formatDurationMs(size.duration.p90?.value ?? null)}</td>
  <td class="num">${formatDurationMs(size.duration.maxMs)}</td>
  <td class="num">${formatDurationMs(size.billedDurationMeanMs)}</td>
  <td class="num">${mb(memory.p50)} / ${mb(memory.p95)} / ${mb(memory.max)}</td>
  <td class="num">${size.coldStarts.toLocaleString('en-US')}</td>
  <td class="num">${init}</td>
  <td class="num">${size.timeouts}</td>
  <td class="num">${size.errors}</td>
  <td class="num">${size.oomKills}</td>
</tr>`;
  });
  return html`<h3>Observed sizes</h3>
<div class="table-scroll"><table>
<thead><tr><th scope="col" class="num">Memory</th><th scope="col" class="num">n</th><th scope="col" class="num">Mean ms</th><th scope="col" class="num">P90 ms</th><th scope="col" class="num">Max ms</th><th scope="col" class="num">Billed mean ms</th><th scope="col" class="num">Max Memory Used P50 / P95 / max MB</th><th scope="col" class="num">Cold starts</th><th scope="col" class="num">Init P50 / P95 ms</th><th scope="col" class="num">Timeouts</th><th scope="col" class="num">Errors</th><th scope="col" class="num">OOM</th></tr></thead>
<tbody>
${join(rows)}
</tbody>
</table></div>`;
}

function renderAdvisories(analysis: Analysis): SafeHtml {
  if (analysis.advisories.length === 0) return html``;
  const items = analysis.advisories.map(
    (advisory) => html`<li class="advisory severity-${advisory.severity}">
  <p><span class="severity">${advisory.severity}</span> <code>${advisory.code}</code> ${advisory.title}</p>
  <p><span class="label">Evidence:</span> ${advisory.evidence}</p>
  <p><span class="label">Fix:</span> ${advisory.fix}</p>
</li>`,
  );
  return html`<h3>Advisories</h3>
<ul class="advisories">
${join(items)}
</ul>`;
}

function renderAssumptions(analysis: Analysis): SafeHtml {
  const assumptions = analysis.assumptions;
  const cpu = assumptions.cpuFraction;
  const cpuText = cpu.value === null ? 'unknown (band f = 0..1)' : `${cpu.value.toFixed(2)} at ${cpu.referenceMemoryMb} MB`;
  const slo = assumptions.maxP95Ms === null ? '' : `, SLO P95 ≤ ${formatDurationMs(assumptions.maxP95Ms)} ms`;
  return html`<h3>Assumptions</h3>
<ul class="assumptions">
  <li>Prices: $${assumptions.pricePerGbSecondUsd} per GB-second, $${(assumptions.pricePerRequestUsd * 1_000_000).toFixed(2)} per 1M requests (${assumptions.priceSource})</li>
  <li>CPU-bound fraction: ${cpuText}, source ${cpu.source}: ${cpu.detail}</li>
  <li>Memory floor: peak Max Memory Used + ${assumptions.headroomPercent}%. ${assumptions.memoryNote}</li>
  <li>Strategy: ${assumptions.strategy}${slo}; costs within 1% tie and the faster size wins</li>
  <li>Percentiles: ${assumptions.percentileDefinition}; intervals are ${Math.round(assumptions.confidenceLevel * 100)}% distribution-free (order statistics)</li>
  <li>Billing: ${assumptions.billingRule}</li>
</ul>`;
}

function renderWarnings(analysis: Analysis): SafeHtml {
  if (analysis.warnings.length === 0) return html``;
  return html`<h3>Warnings</h3>
<ul class="warnings">
${join(analysis.warnings.map((warning) => html`<li>${warning}</li>`))}
</ul>`;
}
