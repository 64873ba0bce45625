import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Analysis, Candidate } from '../../src/analysis/analysis.js';
import { renderHtml } from '../../src/report/html.js';
import { PROJECT_ROOT, runCli } from '../helpers/run-cli.js';
import { analyzeJson, GO_ARGS, HOSTILE_ATTRIBUTE, HOSTILE_NAME, RUST_ARGS, withHostileText } from '../report/html-fixtures.js';
import { chromiumMissingReason, launchChromium, openReport, type Browser, type PageEvents } from './chromium.js';

/** Reports and screenshots land here for review; the directory is git-ignored. */
const OUTPUT = join(PROJECT_ROOT, 'test-output', 'browser');

if (chromiumMissingReason !== null) console.warn(chromiumMissingReason);

/** Writes the HTML report of `analyze` for the given arguments and returns its path. */
function writeCliReport(name: string, args: string[]): string {
  const path = join(OUTPUT, `${name}.html`);
  const result = runCli(['analyze', ...args, '--format', 'html', '--output', path]);
  if (result.status !== 0) throw new Error(`analyze --format html failed with ${result.status}: ${result.stderr}`);
  return path;
}

function expectQuietPage(events: PageEvents): void {
  expect(events.consoleMessages).toEqual([]);
  expect(events.pageErrors).toEqual([]);
  expect(events.dialogs).toEqual([]);
  expect(events.externalRequests).toEqual([]);
}

/** The parts of a canvas element the pixel count reads; the project compiles without the DOM library. */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> } } | null;
}

/** Counts the painted pixels of each chart canvas. */
async function paintedPixelsPerChart(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const document = (globalThis as unknown as { document: { querySelectorAll(selector: string): ArrayLike<CanvasLike> } }).document;
    return Array.from(document.querySelectorAll('div.chart canvas')).map((canvas) => {
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! > 0) painted += 1;
      return painted;
    });
  });
}

/** Returns the plotted arrays of each chart: uPlot's data in series order (memory, P50 low/high, P95 low/high, P99 low/high, cost low/high, observed P95). */
async function plottedData(page: Page): Promise<(number | null)[][][]> {
  return page.evaluate(() => {
    const charts = (globalThis as unknown as { lambdaMemoryAdvisorCharts: { plot: { data: (number | null)[][] } }[] })
      .lambdaMemoryAdvisorCharts;
    return charts.map((chart) => chart.plot.data.map((series) => Array.from(series)));
  });
}

/** A number as printed, with half a unit in its last digit: how far a correctly rounded figure can be from its value. */
interface PrintedNumber {
  value: number;
  tolerance: number;
}

/** Parses the numbers printed in a table cell, in order; "…" (an open bound) reads as null. */
function printedNumbers(text: string): (PrintedNumber | null)[] {
  return [...text.matchAll(/…|\$?\d[\d,]*(?:\.(\d+))?/g)].map((match) => {
    if (match[0] === '…') return null;
    const decimals = match[1]?.length ?? 0;
    return { value: Number(match[0].replace(/[$,]/g, '')), tolerance: 0.5 * 10 ** -decimals + 1e-12 };
  });
}

function expectPrinted(printed: PrintedNumber | null | undefined, value: number): void {
  expect(printed).toBeTruthy();
  expect(Math.abs(printed!.value - value)).toBeLessThanOrEqual(printed!.tolerance);
}

/** Checks that a cell prints a range: one number when low and high round alike, else low then high. */
function expectRangeCell(text: string, range: { low: number; high: number }): void {
  const numbers = printedNumbers(text);
  expect(numbers.length === 1 || numbers.length === 2).toBe(true);
  expectPrinted(numbers[0], range.low);
  expectPrinted(numbers.length === 1 ? numbers[0] : numbers[1], range.high);
}

function expectIntervalCell(text: string, interval: Candidate['p95Interval']): void {
  const bracket = /\[(.*)\]/.exec(text)?.[1];
  if (interval === null) {
    expect(bracket).toBeUndefined();
    return;
  }
  const [lower, upper] = printedNumbers(bracket ?? '');
  if (interval.lower === null) expect(lower).toBeNull();
  else expectPrinted(lower, interval.lower);
  if (interval.upper === null) expect(upper).toBeNull();
  else expectPrinted(upper, interval.upper);
}

/** Reads every candidate row of one function section and compares it with the JSON analysis. */
async function expectTableMatchesJson(page: Page, sectionId: string, analysis: Analysis): Promise<void> {
  const rowLocator = page.locator(`#${sectionId} table.candidates tbody tr`);
  const rows: { memory: number; p50: string; p95: string; p99: string; cost: string }[] = [];
  for (const row of await rowLocator.all()) {
    rows.push({
      memory: Number(await row.getAttribute('data-memory')),
      p50: await row.locator('[data-field="p50"]').innerText(),
      p95: await row.locator('[data-field="p95"]').innerText(),
      p99: await row.locator('[data-field="p99"]').innerText(),
      cost: await row.locator('[data-field="cost"]').innerText(),
    });
  }
  expect(rows.map((row) => row.memory)).toEqual(analysis.candidates.map((candidate) => candidate.memorySizeMb));
  rows.forEach((row, index) => {
    const candidate = analysis.candidates[index]!;
    expectRangeCell(row.p50, candidate.p50Ms);
    expectRangeCell(row.p95.split('[')[0]!, candidate.p95Ms);
    expectIntervalCell(row.p95, candidate.p95Interval);
    expectRangeCell(row.p99, candidate.p99Ms);
    expectRangeCell(row.cost, candidate.costPerMillionUsd);
  });

  const recommended = await page.textContent(`#${sectionId} [data-field="recommended-memory"]`);
  const finding = await page.textContent(`#${sectionId} [data-field="finding"]`);
  expect(recommended).toBe(`${analysis.recommendation.memorySizeMb} MB`);
  expect(finding).toBe(analysis.recommendation.finding);
}

/** Compares a chart's plotted arrays with the JSON candidates, value for value. */
function expectPlotMatchesJson(data: (number | null)[][], analysis: Analysis): void {
  const sorted = [...analysis.candidates].sort((a, b) => a.memorySizeMb - b.memorySizeMb);
  const column = (pick: (candidate: Candidate) => number | null) => sorted.map(pick);
  expect(data[0]).toEqual(column((candidate) => candidate.memorySizeMb));
  expect(data[1]).toEqual(column((candidate) => candidate.p50Ms.low));
  expect(data[2]).toEqual(column((candidate) => candidate.p50Ms.high));
  expect(data[3]).toEqual(column((candidate) => candidate.p95Ms.low));
  expect(data[4]).toEqual(column((candidate) => candidate.p95Ms.high));
  expect(data[5]).toEqual(column((candidate) => candidate.p99Ms.low));
  expect(data[6]).toEqual(column((candidate) => candidate.p99Ms.high));
  expect(data[7]).toEqual(column((candidate) => candidate.costPerMillionUsd.low));
  expect(data[8]).toEqual(column((candidate) => candidate.costPerMillionUsd.high));
  expect(data[9]).toEqual(column((candidate) => (candidate.kind === 'observed' ? candidate.p95Ms.low : null)));
}

describe.skipIf(chromiumMissingReason !== null)('HTML report in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  describe.each([
    ['go', GO_ARGS],
    ['rust-16-sizes', RUST_ARGS],
  ])('%s fixture', (name, args) => {
    const analysis = analyzeJson(args);
    let page: Page;
    let events: PageEvents;

    beforeAll(async () => {
      ({ page, events } = await openReport(browser, writeCliReport(name, args)));
    });

    it('loads with no console output and no network', () => {
      expectQuietPage(events);
    });

    it('draws the chart', async () => {
      const painted = await paintedPixelsPerChart(page);
      expect(painted.length).toBeGreaterThan(0);
      for (const count of painted) expect(count).toBeGreaterThan(10_000);
    });

    it('plots the JSON values', async () => {
      const [data] = await plottedData(page);
      expectPlotMatchesJson(data!, analysis);
    });

    it('prints the JSON values in the table', async () => {
      await expectTableMatchesJson(page, 'function-1', analysis);
    });

    it('shows a size on hover', async () => {
      const box = (await page.locator('#function-1-chart .u-over').boundingBox())!;
      await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2);
      const readout = await page.textContent('#function-1-readout');
      const largest = Math.max(...analysis.candidates.map((candidate) => candidate.memorySizeMb));
      expect(readout).toContain(`${largest} MB (`);
      await page.mouse.move(0, 0);
    });

    it('hides a series when its box is unticked', async () => {
      await page.uncheck('#function-1 input[data-series="7,8"]');
      const shown = await page.evaluate(() =>
        (globalThis as unknown as { lambdaMemoryAdvisorCharts: { plot: { series: { show: boolean }[] } }[] }).lambdaMemoryAdvisorCharts[0]!.plot.series.map(
          (series) => series.show,
        ),
      );
      expect(shown[7]).toBe(false);
      expect(shown[8]).toBe(false);
      expect(shown[3]).toBe(true);
      await page.check('#function-1 input[data-series="7,8"]');
    });

    it('saves a screenshot for review', async () => {
      await page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });
      await page.locator('#function-1').screenshot({ path: join(OUTPUT, `${name}-section.png`) });
      // The heading, recommendation, chart and justification table, the view the README shows.
      const section = (await page.locator('#function-1').boundingBox())!;
      const table = (await page.locator('#function-1 table.candidates').boundingBox())!;
      await page.screenshot({
        path: join(OUTPUT, `${name}-chart.png`),
        fullPage: true,
        clip: { x: section.x - 16, y: section.y - 8, width: section.width + 32, height: table.y + table.height - section.y + 24 },
      });
      expectQuietPage(events);
    });
  });

  describe('fleet of three with hostile text', () => {
    const analyses = [analyzeJson(GO_ARGS), analyzeJson(RUST_ARGS), withHostileText(analyzeJson(GO_ARGS))];
    let page: Page;
    let events: PageEvents;

    beforeAll(async () => {
      const path = join(OUTPUT, 'fleet.html');
      writeFileSync(path, renderHtml(analyses));
      ({ page, events } = await openReport(browser, path));
    });

    it('loads with no console output, dialog or network', () => {
      expectQuietPage(events);
    });

    it('draws one chart per function', async () => {
      const painted = await paintedPixelsPerChart(page);
      expect(painted).toHaveLength(3);
      for (const count of painted) expect(count).toBeGreaterThan(10_000);
    });

    it('plots and prints each function’s JSON values', async () => {
      const data = await plottedData(page);
      for (const [index, analysis] of analyses.entries()) {
        expectPlotMatchesJson(data[index]!, analysis);
        await expectTableMatchesJson(page, `function-${index + 1}`, analysis);
      }
    });

    it('shows hostile names as text', async () => {
      const heading = await page.textContent('#function-3-title');
      expect(heading).toBe(`${HOSTILE_NAME}${HOSTILE_ATTRIBUTE}`);
      expect(await page.title()).toContain(' 3 functions');
      // The chart library, the report script and one JSON data element per function.
      expect(await page.locator('script').count()).toBe(5);
      expect(await page.locator('img, iframe, [onload], [onerror], [onmouseover]').count()).toBe(0);
    });

    it('links each overview row to its section', async () => {
      const links = await page.locator('section.overview tbody a').all();
      const targets = await Promise.all(links.map((link) => link.getAttribute('href')));
      expect(targets).toEqual(['#function-1', '#function-2', '#function-3']);
      for (const target of targets) expect(await page.locator(target!).count()).toBe(1);
    });

    it('sorts the overview by savings, finding and function', async () => {
      const names = () => page.locator('section.overview tbody a').allTextContents();
      const savingsLow = (analysis: Analysis) => analysis.recommendation.monthlySavingsUsd?.low ?? -Infinity;

      await page.click('section.overview button:has-text("Monthly savings")');
      const bySavings = [...analyses].sort((a, b) => savingsLow(b) - savingsLow(a)).map((analysis) => analysis.function.name);
      expect(await names()).toEqual(bySavings);

      await page.click('section.overview button:has-text("Function")');
      const byName = analyses.map((analysis) => analysis.function.name).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
      expect(await names()).toEqual(byName);
      expect(await page.getAttribute('section.overview th:nth-child(1)', 'aria-sort')).toBe('ascending');

      await page.click('section.overview button:has-text("Function")');
      expect(await names()).toEqual([...byName].reverse());

      await page.click('section.overview button:has-text("Finding")');
      // Findings sort by how much they need action: under-provisioned, over-provisioned, insufficient-data, optimized.
      const findings = await page.locator('section.overview tbody .finding').allTextContents();
      const rank = ['under-provisioned', 'over-provisioned', 'insufficient-data', 'optimized'];
      expect(findings).toEqual([...findings].sort((a, b) => rank.indexOf(a) - rank.indexOf(b)));
    });

    it('saves a screenshot for review', async () => {
      await page.screenshot({ path: join(OUTPUT, 'fleet.png'), fullPage: true });
      expectQuietPage(events);
    });
  });
});
