import { readFile } from 'node:fs/promises';

import type { Analysis } from '../analysis/analysis.js';
import { UsageError } from '../errors.js';
import type { ReportFormat } from '../report/formats.js';
import { renderReport } from '../report/render.js';
import type { FunctionFailure, IdleFunction, ReportSet } from '../report/report-set.js';
import { exitCodeFor, writeReport } from './analyze-command.js';
import type { FailOnCondition } from './fail-on.js';
import { useColor, type CliIo } from './io.js';

export interface RenderCommandOptions {
  format: ReportFormat;
  output?: string;
  failOn?: FailOnCondition[];
  color: boolean;
}

interface FailureRecord {
  schemaVersion: 1;
  function: { name: string; region?: string };
  error: { operation: string; message: string };
}

interface FleetDocument {
  schemaVersion: 1;
  analyses: Analysis[];
  failures: FailureRecord[];
  summary?: { idle?: { name: string; region: string }[] };
}

type Printed = Analysis | FailureRecord | FleetDocument;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses what `analyze --format json` or `ndjson` printed: one document, or one record a line. */
function parseReportText(text: string, label: string): Printed[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new UsageError(`cannot render ${label}: the file is empty. Pass the output of analyze --format json or ndjson.`);

  const parse = (chunk: string, where: string): Printed => {
    let value: unknown;
    try {
      value = JSON.parse(chunk);
    } catch {
      // The parser's message quotes the input, which may be any file; name the place only.
      throw new UsageError(`cannot render ${label}: ${where} is not valid JSON. Pass the output of analyze --format json or ndjson.`);
    }
    if (!isObject(value) || value.schemaVersion !== 1) {
      throw new UsageError(`cannot render ${label}: ${where} is not a lambda-memory-advisor record with schemaVersion 1.`);
    }
    return value as unknown as Printed;
  };

  // One JSON document (pretty-printed or not) parses whole; NDJSON does not, so it is read a line at a time.
  let wholeDocument = true;
  try {
    JSON.parse(trimmed);
  } catch {
    wholeDocument = false;
  }
  if (wholeDocument) return [parse(trimmed, 'the document')];
  return trimmed
      .split('\n')
      .map((line, index) => ({ line: line.trim(), number: index + 1 }))
      .filter(({ line }) => line.length > 0)
    .map(({ line, number }) => parse(line, `line ${number}`));
}

function toFailure(record: FailureRecord): FunctionFailure {
  return {
    functionName: record.function.name,
    ...(record.function.region === undefined ? {} : { region: record.function.region }),
    operation: record.error.operation,
    message: record.error.message,
  };
}

/** Rebuilds the run's report set from printed records, so every format renders it as the run would have. */
export function reportSetFromRecords(records: Printed[]): ReportSet {
  const report: ReportSet = { analyses: [], failures: [] };
  const idle: IdleFunction[] = [];
  for (const record of records) {
    if ('analyses' in record) {
      report.analyses.push(...record.analyses);
      report.failures.push(...record.failures.map(toFailure));
      for (const entry of record.summary?.idle ?? []) idle.push({ functionName: entry.name, region: entry.region });
      if (record.summary !== undefined) report.fleet = true;
    } else if ('error' in record) {
      report.failures.push(toFailure(record));
    } else if ('candidates' in record) {
      report.analyses.push(record);
    } else {
      throw new UsageError('cannot render: a record is neither an analysis, a failure nor a run document.');
    }
  }
  if (idle.length > 0) report.idle = idle;
  // Several records come from a run over several functions, which the formats summarise.
  if (report.analyses.length + report.failures.length >= 2) report.fleet = true;
  return report;
}

/**
 * Renders a saved JSON or NDJSON report in another format without calling AWS again, so a
 * CI job can audit once and publish several formats. The exit code follows the audit's:
 * 4 when the saved report holds failures, else 3 when --fail-on matches, else 0.
 */
export async function runRender(path: string, options: RenderCommandOptions, io: CliIo): Promise<number> {
  const label = path === '-' ? 'standard input' : path;
  let text: string;
  try {
    text = path === '-' ? await readStream(io.stdin) : await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read failed';
    throw new UsageError(`cannot render ${label}: ${code}. Check the path.`, { cause: error });
  }

  const report = reportSetFromRecords(parseReportText(text, label));
  const color = options.output === undefined && useColor(io, options.color);
  await writeReport(renderReport(options.format, report, { color }), options.output, io);

  if (report.failures.length > 0) {
    io.stderr.write(`lambda-memory-advisor: the saved report lists ${report.failures.length} function(s) that could not be analysed.\n`);
  }
  return exitCodeFor(report, options, io);
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
