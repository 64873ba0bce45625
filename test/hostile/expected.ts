/**
 * Expected outcome of every file in cases/. Most files are the same five REPORT lines
 * (Duration 10, 20, 30, 40 and 50 ms at 256 MB, Max Memory Used 40 to 44 MB) plus one
 * hostile part. A recoverable case therefore keeps P50 30 ms, P95 48 ms and max 50 ms.
 */

export interface Recovered {
  description: string;
  invocations: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  linesSkipped: number;
  malformedReports: number;
  duplicateReports: number;
  /** The end of the malformed-report note: `line N: reason`, or the reason for a JSON document. */
  firstProblem?: string;
}

export interface Rejected {
  description: string;
  /** The one line on stderr, without the program name and its newline. */
  stderr: string;
}

export type Outcome = Recovered | Rejected;

const FIVE = { invocations: 5, p50Ms: 30, p95Ms: 48, maxMs: 50, linesSkipped: 0, malformedReports: 0, duplicateReports: 0 };
/** Five base lines plus one more valid report at 30 ms: type 7 P95 of the six is 47.5 ms. */
const SIX = { ...FIVE, invocations: 6, p95Ms: 47.5 };

function malformed(description: string, firstProblem: string, extra: Partial<Recovered> = {}): Recovered {
  return { description, ...FIVE, malformedReports: 1, firstProblem, ...extra };
}

const NO_REPORT_HINT =
  'expected "REPORT RequestId: ... Duration: ... ms" text lines or JSON platform.report records. ' +
  'With LoggingConfig SystemLogLevel=WARN Lambda writes no REPORT lines; set it to INFO to get them.';

const NOT_DECIMAL = 'is not a decimal number of the form 12.34';

export const CASES: Record<string, Outcome> = {
  // Truncated and incomplete REPORT lines.
  'truncated-report-at-eof.log': malformed('last line cut mid-field', 'line 6: Billed Duration is missing'),
  'truncated-report-mid-file.log': malformed('a line cut mid-field between good lines', 'line 3: Billed Duration is missing'),
  'truncated-after-request-id.log': malformed('nothing after the request id', 'line 6: Duration is missing'),
  'bare-marker-at-eof.log': malformed('only the marker, no newline', 'line 6: Duration is missing'),
  'split-report-truncated.log': malformed('a report split over lines that stops early', 'line 6: Billed Duration is missing'),
  'missing-all-fields-then-text.log': malformed('a marker followed by application text', 'line 6: Duration is missing', {
    linesSkipped: 1,
  }),

  // Field order and missing fields.
  'fields-reversed.log': { description: 'every field in reverse order', ...FIVE },
  'fields-space-separated-shuffled.log': { description: 'runs of spaces and shuffled fields', ...FIVE },
  'missing-duration.log': malformed('no Duration', 'line 6: Duration is missing'),
  'missing-billed-duration.log': malformed('no Billed Duration', 'line 6: Billed Duration is missing'),
  'missing-memory-size.log': malformed('no Memory Size', 'line 6: Memory Size is missing'),
  'missing-max-memory-used.log': malformed('no Max Memory Used', 'line 6: Max Memory Used is missing'),

  // Numbers that are not measurements.
  'duration-nan.log': malformed('Duration NaN', `line 6: Duration value "NaN" ${NOT_DECIMAL}`),
  'duration-negative.log': malformed('negative Duration', `line 6: Duration value "-5.00" ${NOT_DECIMAL}`),
  'duration-1e308.log': malformed('exponent notation', `line 6: Duration value "1e308" ${NOT_DECIMAL}`),
  'duration-infinity.log': malformed('Duration Infinity', `line 6: Duration value "Infinity" ${NOT_DECIMAL}`),
  'duration-comma-decimal.log': malformed('decimal comma', `line 6: Duration value "12,30" ${NOT_DECIMAL}`),
  'duration-two-dots.log': malformed('two decimal points', `line 6: Duration value "1.2.3" ${NOT_DECIMAL}`),
  'duration-huge-digits.log': malformed('twenty digits', 'line 6: Duration 100000000000000000000 ms is outside 0 to 3,600,000 ms'),
  'duration-over-one-hour.log': malformed('just over one hour', 'line 6: Duration 3600001 ms is outside 0 to 3,600,000 ms'),
  'duration-no-unit.log': malformed('Duration without ms', 'line 6: Duration unit is "Billed", expected ms'),
  'billed-duration-negative.log': malformed('negative Billed Duration', `line 6: Billed Duration value "-13" ${NOT_DECIMAL}`),
  'init-duration-negative.log': malformed('negative Init Duration', `line 6: Init Duration value "-1.00" ${NOT_DECIMAL}`),
  'memory-size-zero.log': malformed('Memory Size 0', 'line 6: Memory Size 0 MB is not a whole number from 128 to 10,240 MB'),
  'memory-size-above-10240.log': malformed(
    'Memory Size above the maximum',
    'line 6: Memory Size 20480 MB is not a whole number from 128 to 10,240 MB',
  ),
  'memory-size-below-128.log': malformed('Memory Size below the minimum', 'line 6: Memory Size 64 MB is not a whole number from 128 to 10,240 MB'),
  'memory-size-fraction.log': malformed('fractional Memory Size', 'line 6: Memory Size 256.5 MB is not a whole number from 128 to 10,240 MB'),
  'max-memory-used-negative.log': malformed('negative Max Memory Used', `line 6: Max Memory Used value "-4" ${NOT_DECIMAL}`),
  'max-memory-used-huge.log': malformed(
    'Max Memory Used far above Memory Size',
    'line 6: Max Memory Used 99999 MB is outside 0 to 512 MB (twice the Memory Size)',
  ),

  // Units other than ms and MB.
  'unit-seconds.log': malformed('Duration in s', 'line 6: Duration unit is "s", expected ms'),
  'unit-microseconds.log': malformed('Duration in us', 'line 6: Duration unit is "us", expected ms'),
  'unit-mib.log': malformed('Memory Size in MiB', 'line 6: Memory Size unit is "MiB", expected MB'),
  'unit-gb.log': malformed('Memory Size in GB', 'line 6: Memory Size unit is "GB", expected MB'),
  'unit-lowercase-mb.log': malformed('Memory Size in mb', 'line 6: Memory Size unit is "mb", expected MB'),

  // Encodings and bytes.
  'crlf-endings.log': { description: 'CRLF line endings', ...FIVE },
  'utf8-bom.log': { description: 'UTF-8 byte order mark', ...FIVE },
  'utf8-bom-crlf-json-lines.log': { description: 'BOM and CRLF on JSON log format records', ...FIVE },
  'invalid-utf8-lines.log': { description: 'lines of invalid UTF-8 around the reports', ...FIVE, linesSkipped: 3 },
  'invalid-utf8-request-id.log': { description: 'a request id of invalid UTF-8 bytes', ...SIX },
  'nul-bytes.log': malformed('a line of NUL bytes and a NUL inside a number', `line 7: Duration value "12\u0000.30" ${NOT_DECIMAL}`, {
    linesSkipped: 1,
  }),
  'escape-sequences-around-reports.log': { description: 'ANSI and OSC sequences around each line', ...FIVE },
  'status-with-escape.log': { description: 'an escape sequence in Status', ...FIVE },
  'garbage-prefixes.log': { description: 'invalid timestamps and junk before REPORT', ...FIVE },

  // Mixed formats and repeated request ids.
  'mixed-text-and-json-records.log': { description: 'text lines and platform.report records', ...FIVE },
  'mixed-text-and-cloudwatch-events.log': { description: 'text lines and CloudWatch event JSON', ...FIVE },
  'line-number-after-cloudwatch-events.log': malformed(
    'a bad line after event lines keeps its line number',
    `line 6: Duration value "NaN" ${NOT_DECIMAL}`,
  ),
  'duplicate-request-ids.log': { description: 'the five reports twice', ...FIVE, duplicateReports: 5 },
  'duplicate-request-id-across-formats.log': { description: 'a text report repeated as a JSON record', ...FIVE, duplicateReports: 1 },
  'duplicate-request-id-different-figures.log': { description: 'a repeated id with other figures: the first wins', ...FIVE, duplicateReports: 1 },

  // JSON records with wrong types or values.
  'json-metrics-as-strings.log': malformed(
    'metrics as strings',
    'line 6: platform.report record lacks one of durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB',
  ),
  'json-metrics-null.log': malformed(
    'metrics null',
    'line 6: platform.report record lacks one of durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB',
  ),
  'json-record-not-object.log': malformed(
    'record is a string',
    'line 6: platform.report record lacks one of durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB',
  ),
  'json-duration-negative.log': malformed('negative durationMs', 'line 6: Duration -5 ms is outside 0 to 3,600,000 ms'),
  'json-memory-size-1e9.log': malformed('memorySizeMB 1e9', 'line 6: Memory Size 1000000000 MB is not a whole number from 128 to 10,240 MB'),
  'json-memory-size-fraction.log': malformed('fractional memorySizeMB', 'line 6: Memory Size 256.5 MB is not a whole number from 128 to 10,240 MB'),
  'json-type-not-string.log': { description: 'type is an array', ...FIVE, linesSkipped: 1 },
  'json-wrong-field-types.log': { description: 'number request id, status and function name', ...SIX },
  'json-array-of-junk.json': { description: 'scalars, empty values and records in one array', ...FIVE, linesSkipped: 5 },
  'logs-insights-bad-values.json': {
    description: 'one-line Logs Insights rows with bad numbers',
    ...FIVE,
    linesSkipped: 2,
    malformedReports: 3,
    firstProblem: 'Logs Insights row lacks a number in @duration, @billedDuration, @memorySize or @maxMemoryUsed',
  },

  // Inputs without a usable report.
  'empty.log': { description: 'zero bytes', stderr: `no REPORT line found in empty.log: ${NO_REPORT_HINT}` },
  'whitespace-only.log': { description: 'blanks and newlines', stderr: `no REPORT line found in whitespace-only.log: ${NO_REPORT_HINT}` },
  'nul-bytes-only.log': { description: 'only NUL bytes', stderr: `no REPORT line found in nul-bytes-only.log: ${NO_REPORT_HINT}` },
  'no-report-lines.log': { description: 'START and END lines only', stderr: `no REPORT line found in no-report-lines.log: ${NO_REPORT_HINT}` },
  'only-malformed-reports.log': {
    description: 'every report malformed',
    stderr:
      'no usable REPORT line in only-malformed-reports.log: 2 lines looked like REPORT lines but could not be parsed ' +
      '(first: only-malformed-reports.log line 1: Duration value "NaN" is not a decimal number of the form 12.34).',
  },
  'json-truncated-document.json': {
    description: 'pretty-printed JSON cut short',
    stderr:
      'no usable REPORT line in json-truncated-document.json: 5 lines looked like REPORT lines but could not be parsed ' +
      '(first: json-truncated-document.json line 5: Duration is missing). ' +
      'json-truncated-document.json is not valid JSON (Unexpected end of JSON input); it was read line by line instead.',
  },
};
