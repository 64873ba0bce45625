import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { renderHtml } from '../../src/report/html.js';
import { buildChartData, memoryFloorMb } from '../../src/report/html/chart-data.js';
import { escapeHtml, jsonForScriptElement, scriptForInlining } from '../../src/report/html/escape.js';
import { analyzeJson, GO_ARGS, HOSTILE_ATTRIBUTE, HOSTILE_NAME, RUST_ARGS, withHostileText } from './html-fixtures.js';

const go = analyzeJson(GO_ARGS);
const rust = analyzeJson(RUST_ARGS);

function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
}

function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

describe('renderHtml for one function', () => {
  const html = renderHtml([go]);

  it('loads nothing from outside the file', () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/href="(?!#)/i);
  });

  it('allows only its own scripts by hash', () => {
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    expect(policy).toBeDefined();
    expect(policy).toContain("default-src 'none'");
    const scripts = inlineScripts(html);
    expect(scripts).toHaveLength(2);
    for (const script of scripts) expect(policy).toContain(hashSource(script));
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(policy).toContain(`style-src ${hashSource(style)}`);
  });

  it('inlines uPlot with its licence', () => {
    expect(html).toContain('Permission is hereby granted, free of charge');
    expect(html).toContain('var uPlot=');
  });

  it('stays under 200 KB', () => {
    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(200 * 1024);
  });

  it('has no overview table', () => {
    expect(html).not.toContain('class="overview"');
    expect(html).toContain('id="function-1"');
  });

  it('shows the recommendation and every candidate', () => {
    expect(html).toContain('<strong data-field="recommended-memory">128 MB</strong>');
    for (const candidate of go.candidates) expect(html).toContain(`data-memory="${candidate.memorySizeMb}"`);
  });

  it('lists the advisories', () => {
    for (const advisory of go.advisories) expect(html).toContain(`<code>${advisory.code}</code>`);
  });
});

describe('renderHtml for a fleet', () => {
  const html = renderHtml([go, rust]);

  it('links the overview to each section', () => {
    expect(html).toContain('class="overview"');
    expect(html).toContain('<a href="#function-1">go-matrix-provided-al2023-arm64-1769mb</a>');
    expect(html).toContain('<a href="#function-2">rust-s3-put-provided-al2-x86_64-16-sizes</a>');
    expect(html).toContain('id="function-2-chart"');
  });

  it('renders an empty list as a message', () => {
    expect(renderHtml([])).toContain('No functions were analysed');
  });
});

describe('renderHtml escaping', () => {
  const html = renderHtml([withHostileText(go), rust]);

  it('escapes the function name everywhere', () => {
    expect(html).not.toContain(HOSTILE_NAME);
    expect(html).not.toContain(HOSTILE_ATTRIBUTE);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=alert(2) x=&quot;');
  });

  it('escapes source, runtime, advisories and warnings', () => {
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert(4)');
    expect(html).not.toContain('<b onmouseover');
    expect(html).not.toContain('<iframe');
    expect(html).not.toContain('<!-- comment');
    expect(html).toContain('&amp;lt;already escaped&amp;gt; &amp; &quot;quoted&quot;');
  });

  it('adds no script elements', () => {
    // Two inline scripts and one JSON data element per function.
    expect(html.match(/<script\b/g)).toHaveLength(4);
  });
});

describe('HTML escaping helpers', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('keeps JSON data inside its element', () => {
    const json = jsonForScriptElement({ name: '</script><!--&', separator: '\u2028', missing: Number.NaN });
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual({ name: '</script><!--&', separator: '\u2028', missing: null });
  });

  it('breaks up </script in inlined code', () => {
    expect(scriptForInlining('const s = "</SCRIPT>";', 'test')).toBe('const s = "<\\/SCRIPT>";');
  });

  it('rejects <!-- in inlined code', () => {
    expect(() => scriptForInlining('x = "<!--"', 'test')).toThrow('test contains "<!--"');
  });
});

describe('buildChartData', () => {
  it('puts the memory floor at peak Max Memory Used plus headroom', () => {
    // The Go fixture peaks at 25 MB, and the default headroom is 20%.
    expect(memoryFloorMb(go)).toBeCloseTo(30, 9);
  });

  it('aligns every series on memory', () => {
    const data = buildChartData(rust);
    const sorted = [...rust.candidates].sort((a, b) => a.memorySizeMb - b.memorySizeMb);
    expect(data.memoryMb).toEqual(sorted.map((candidate) => candidate.memorySizeMb));
    expect(data.p95Low).toEqual(sorted.map((candidate) => candidate.p95Ms.low));
    expect(data.costHigh).toEqual(sorted.map((candidate) => candidate.costPerMillionUsd.high));
    expect(data.readouts).toHaveLength(sorted.length);
  });

  it('draws whiskers only at observed sizes', () => {
    const data = buildChartData(go);
    const observedIndex = data.memoryMb.indexOf(1769);
    expect(data.observedP95.filter((value) => value !== null)).toHaveLength(1);
    expect(data.observedP95[observedIndex]).toBe(go.observed[0]!.duration.p95!.value);
    expect(data.p95IntervalLower[observedIndex]).toBe(go.observed[0]!.duration.p95!.lower);
    expect(data.p95IntervalUpper[observedIndex]).toBe(go.observed[0]!.duration.p95!.upper);
    expect(data.p95IntervalLower[0]).toBeNull();
  });

  it('fits the floor and every band in the axis ranges', () => {
    const data = buildChartData(go);
    expect(data.memoryRangeMb[0]).toBeLessThan(30);
    expect(data.memoryRangeMb[1]).toBeGreaterThan(1769);
    const highest = Math.max(...go.candidates.map((candidate) => candidate.p99Ms.high));
    expect(data.durationRangeMs[1]).toBeGreaterThan(highest);
    expect(data.durationRangeMs[0]).toBeGreaterThanOrEqual(0);
  });
});
