import { createRequire } from 'node:module';

import { Command, CommanderError, Option } from 'commander';

import { CommandError, ExitCode, UsageError } from '../errors.js';
import { REPORT_FORMATS } from '../report/formats.js';
import { sanitizeForTerminal } from '../report/terminal-text.js';
import type { AnalyzeCommandOptions } from './analyze-command.js';
import type { RenderCommandOptions } from './render-command.js';
import { FAIL_ON_CONDITIONS, parseFailOn } from './fail-on.js';
import { processIo, type CliIo } from './io.js';
import {
  collect,
  parseArchitecture,
  parseConcurrency,
  parseFraction,
  parseMemoryList,
  parseMemoryMb,
  parsePercent,
  parsePositiveInteger,
  parsePositiveMs,
  parsePositiveNumber,
  parsePrice,
  parseRegion,
  parseRegionList,
  parseRuntime,
  parseSeconds,
  parseStepMb,
  parseStrategy,
  parseTag,
  parseTimeLimitSeconds,
} from './option-parsers.js';

export const EXIT_CODE_HELP = `
Exit codes:
  0    analysis done (live: also when Logs Insights failed and the report, with a
       warning, comes from CloudWatch metrics alone)
  1    unexpected internal error (rerun with --debug and report it)
  2    usage error: unknown option, bad value, missing or unreadable file, no REPORT lines;
       live: function not found, no region, missing or expired credentials, access denied,
       no invocations in the window
  3    a finding matched --fail-on
  4    some functions could not be analysed (the others are still reported), or an AWS call
       failed on the AWS side after retries (throttling, server error, network, timeout)
  130  interrupted (Ctrl-C)`;

function buildProgram(io: CliIo, run: { result: Promise<number> | undefined }): Command {
  const program = new Command()
    .name('lambda-memory-advisor')
    .description('Recommend an AWS Lambda memory size from the telemetry the function already produced.')
    .version(packageVersion(), '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Usage errors are printed by main() as one line, so commander prints nothing itself.
      outputError: () => undefined,
    })
    .addHelpText('after', EXIT_CODE_HELP);

  program
    .command('analyze')
    .description(
      'Analyze functions live from AWS (read-only: configuration, CloudWatch metrics, Logs Insights) or from REPORT log files, and recommend a memory size.',
    )
    .argument('[functions...]', 'function names, partial or full ARNs to read from AWS (live analysis)')
    .option('--logs <files...>', 'REPORT log files to read: text, JSON log format, CloudWatch exports, gzip; - for stdin')
    .option('--all', 'fleet: analyze every function of the region')
    .option('--prefix <prefix>', 'fleet: analyze the functions whose names start with this prefix (repeatable)', collect)
    .option('--tag <key=value>', 'fleet: analyze only functions with this tag, read with tag:GetResources (repeatable; all must match)', parseTag)
    .option('--exclude <glob>', 'fleet: leave out functions whose names match this glob, * and ? as wildcards (repeatable)', collect)
    .option('--regions <list>', 'fleet: audit these regions one after another, comma-separated (each record carries its region)', parseRegionList)
    .option('--concurrency <count>', 'fleet: Logs Insights queries (and metric or log group calls) in flight at once, 1 to 30', parseConcurrency, 4)
    .option('--qualifier <version-or-alias>', 'live: analyze this version or alias (also accepted as name:qualifier)')
    .option('--profile <name>', 'live: AWS profile from the shared config and credentials files')
    .option('--endpoint-url <url>', 'live: send every AWS call to this endpoint (for local test servers)')
    .option('--since <duration>', 'live: window ending now, such as 14d, 36h or 90m (default 14d, the Compute Optimizer look-back)')
    .option('--start <time>', 'live: window start, ISO 8601 (for example 2026-05-01T00:00:00Z)')
    .option('--end <time>', 'live: window end, ISO 8601 (default now)')
    .addOption(
      new Option('--source <source>', 'live: where Max Memory Used comes from; auto uses Lambda Insights when the function has it, else Logs Insights')
        .choices(['auto', 'metrics', 'logs', 'insights'])
        .default('auto'),
    )
    .option(
      '--timeout <seconds>',
      'live: time limit of one attempt of an AWS call, connecting included; a timed-out attempt is retried like a network error (default 60)',
      parseTimeLimitSeconds,
    )
    .option(
      '--query-timeout <seconds>',
      'live: stop a Logs Insights query that has not finished after this many seconds and analyze from CloudWatch metrics (default 300)',
      parseTimeLimitSeconds,
    )
    .option('--function-name <name>', 'function name shown in the report (default: from the logs or the file name)')
    .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('table'))
    .option(
      '--fail-on <conditions>',
      `exit with code 3 when a finding matches: a comma-separated list of ${FAIL_ON_CONDITIONS.join(', ')}`,
      parseFailOn,
    )
    .option('--output <file>', 'write the report to this file (atomically) instead of stdout')
    .addOption(
      new Option('--strategy <strategy>', 'how to choose: cost (cheapest viable), speed (fastest viable), balanced')
        .default('cost')
        .argParser(parseStrategy),
    )
    .option('--balanced-weight <fraction>', 'weight of cost against P95 for --strategy balanced, 0 to 1', parseFraction, 0.5)
    .option('--headroom <percent>', 'memory required above the peak Max Memory Used, in percent', parsePercent, 20)
    .option('--max-p95 <ms>', 'SLO: reject sizes whose predicted P95 duration exceeds this many ms', parsePositiveMs)
    .option('--min-invocations <count>', 'fewer invocations than this give the finding insufficient-data', parsePositiveInteger, 50)
    .option('--min-memory <MB>', 'smallest candidate size in MB', parseMemoryMb, 128)
    .option('--max-memory <MB>', 'largest candidate size in MB', parseMemoryMb, 512)
    .option('--step <MB>', 'step between candidate sizes in MB', parseStepMb, 64)
    .option('--candidates <list>', 'explicit candidate sizes in MB, comma-separated (replaces the grid)', parseMemoryList)
    .option('--cpu-fraction <fraction>', 'CPU-bound share of the duration at the current size, 0 (waits on I/O) to 1', parseFraction)
    .option('--invocations-per-month <count>', 'invocations a month for monthly cost (default: the rate in the logs)', parsePositiveNumber)
    .option('--runtime <runtime>', 'the function’s runtime, such as provided.al2023 or go1.x, when the logs do not say it', parseRuntime)
    .option('--function-timeout <seconds>', 'the function’s timeout setting, to reject sizes whose P99 comes near it', parseSeconds)
    .option('--architecture <arch>', 'x86_64 or arm64, for prices (logs do not say; default x86_64)', parseArchitecture)
    .option('--region <region>', 'AWS region of live calls and of prices (default: the SDK\'s region chain; us-east-1 prices for --logs)', parseRegion)
    .option('--price-per-gb-second <usd>', 'duration price in USD per GB-second, overriding the price table', parsePrice)
    .option('--price-per-request <usd>', 'request price in USD per request, overriding the price table', parsePrice)
    .option('--cold-start-init-p95 <ms>', 'advise on cold starts when Init Duration P95 exceeds this many ms', parsePositiveMs, 1000)
    .option('--cold-start-init-share <fraction>', 'advise on cold starts when INIT exceeds this share of billed time', parseFraction, 0.1)
    .option('--timeout-near-share <fraction>', 'advise when P99.9 reaches this share of the timeout setting', parseFraction, 0.8)
    .option('--timeout-far-ratio <multiple>', 'advise when the timeout setting exceeds P99.9 by this multiple', parsePositiveNumber, 10)
    .option('--extension-overhead-share <fraction>', 'advise when extension time exceeds this share of Duration', parseFraction, 0.1)
    .option('--no-color', 'never colour the table (colour is used only on a TTY and without NO_COLOR)')
    .option('--debug', 'print one line per AWS call on stderr, and stack traces of errors')
    .addHelpText('after', EXIT_CODE_HELP)
    .action((functions: string[], options: AnalyzeCommandOptions) => {
      // Loaded on use, so that --help and --version parse no analysis or report code.
      run.result = import('./analyze-command.js').then(({ runAnalyze }) => runAnalyze(functions, options, io));
    });

  program
    .command('render')
    .description('Render a saved --format json or ndjson report in another format, without calling AWS again.')
    .argument('<file>', 'the saved report, or - for standard input')
    .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('table'))
    .option('--output <file>', 'write the report to this file (atomically) instead of stdout')
    .option(
      '--fail-on <conditions>',
      `exit with code 3 when a finding matches: a comma-separated list of ${FAIL_ON_CONDITIONS.join(', ')}`,
      parseFailOn,
    )
    .option('--no-color', 'never colour the table (colour is used only on a TTY and without NO_COLOR)')
    .action((file: string, options: RenderCommandOptions) => {
      run.result = import('./render-command.js').then(({ runRender }) => runRender(file, options, io));
    });

  program
    .command('schema')
    .description('Print the JSON Schema (draft 2020-12) of the JSON and NDJSON output.')
    .action(() => {
      run.result = import('../report/schema.js').then(({ REPORT_SCHEMA }) => {
        io.stdout.write(`${JSON.stringify(REPORT_SCHEMA, null, 2)}\n`);
        return ExitCode.ok;
      });
    });

  return program;
}

/** Reads the version from the package's own package.json, one small synchronous read. */
function packageVersion(): string {
  const require = createRequire(import.meta.url);
  const manifest = require('../../package.json') as { version: string };
  return manifest.version;
}

/**
 * Runs the CLI and returns the exit code. Commands never end the process themselves:
 * they return a code or throw, and this function maps every error to one line and a code.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const debug = argv.includes('--debug');
  const run: { result: Promise<number> | undefined } = { result: undefined };
  const program = buildProgram(io, run);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return run.result === undefined ? ExitCode.ok : await run.result;
  } catch (error) {
    return reportError(error, io, debug);
  }
}

function reportError(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version exit through here with code 0 after printing. Help shown because a
    // command is missing has already been printed to stderr, so it needs no further line.
    if (error.exitCode === 0) return ExitCode.ok;
    if (error.code === 'commander.help' || error.code === 'commander.helpDisplayed') return ExitCode.usageError;
    // Commander puts its "Did you mean ...?" suggestion on a second line; keep it on the one line.
    const message = error.message
      .replace(/^error: /, '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0)
      .join(' ');
    io.stderr.write(`lambda-memory-advisor: ${message} (see --help)\n`);
    return ExitCode.usageError;
  }
  if (error instanceof UsageError || error instanceof CommandError) {
    // Messages can quote names from the account or the logs, such as a log group name.
    io.stderr.write(`lambda-memory-advisor: ${sanitizeForTerminal(error.message)}\n`);
    if (debug && error.cause instanceof Error) io.stderr.write(`${error.cause.stack ?? error.cause.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`lambda-memory-advisor: internal error: ${message} (rerun with --debug for the stack trace)\n`);
  if (debug && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
  return ExitCode.internalError;
}
