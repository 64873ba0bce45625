import { InvalidArgumentError } from 'commander';

import type { Strategy } from '../analysis/analysis.js';
import type { Architecture } from '../analysis/observations.js';
import { LAMBDA_MAX_MEMORY_MB, LAMBDA_MIN_MEMORY_MB } from '../analysis/options.js';

/**
 * Value parsers for commander. Each throws InvalidArgumentError with the fix, which
 * commander prints as one line after the option name and the rejected value.
 */

function parseNumber(value: string, quantity: string): number {
  const trimmed = value.trim();
  const number = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(number)) {
    throw new InvalidArgumentError(`${quantity} must be a number.`);
  }
  return number;
}

export function parseMemoryMb(value: string): number {
  if (/[a-z]/i.test(value) && !/^\s*\d+(\.\d+)?\s*mb\s*$/i.test(value)) {
    throw new InvalidArgumentError(`Give memory in MB as a whole number, for example 512 (not ${value}).`);
  }
  const number = parseNumber(value.replace(/mb/i, ''), 'Memory');
  if (!Number.isInteger(number) || number < LAMBDA_MIN_MEMORY_MB || number > LAMBDA_MAX_MEMORY_MB) {
    throw new InvalidArgumentError(
      `Memory must be a whole number of MB from ${LAMBDA_MIN_MEMORY_MB} to ${LAMBDA_MAX_MEMORY_MB.toLocaleString('en-US')}.`,
    );
  }
  return number;
}

export function parseStepMb(value: string): number {
  const number = parseNumber(value, 'The step');
  if (!Number.isInteger(number) || number < 1 || number > LAMBDA_MAX_MEMORY_MB) {
    throw new InvalidArgumentError('The step must be a whole number of MB, at least 1.');
  }
  return number;
}

export function parseMemoryList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  if (parts.length === 0) {
    throw new InvalidArgumentError('Give a comma-separated list of sizes in MB, for example 128,256,512.');
  }
  return parts.map(parseMemoryMb);
}

/** Parses a percentage from 0 to 1000; a trailing % is accepted. */
export function parsePercent(value: string): number {
  const number = parseNumber(value.replace(/%\s*$/, ''), 'Headroom');
  if (number < 0 || number > 1000) {
    throw new InvalidArgumentError('Headroom is a percentage from 0 to 1000, for example 20 for 20%.');
  }
  return number;
}

export function parseFraction(value: string): number {
  const number = parseNumber(value, 'The fraction');
  if (number < 0 || number > 1) {
    throw new InvalidArgumentError('Give a fraction from 0 to 1, for example 0.3.');
  }
  return number;
}

export function parsePositiveMs(value: string): number {
  if (/[a-z]/i.test(value) && !/^\s*[\d.]+\s*ms\s*$/i.test(value)) {
    throw new InvalidArgumentError(`Give the duration in milliseconds, for example 250 (not ${value}).`);
  }
  const number = parseNumber(value.replace(/ms/i, ''), 'The duration');
  if (number <= 0) {
    throw new InvalidArgumentError('The duration must be above 0 ms.');
  }
  return number;
}

export function parsePositiveInteger(value: string): number {
  const number = parseNumber(value.replace(/_/g, ''), 'The count');
  if (!Number.isInteger(number) || number < 0) {
    throw new InvalidArgumentError('Give a whole number, 0 or more.');
  }
  return number;
}

export function parsePositiveNumber(value: string): number {
  const number = parseNumber(value, 'The value');
  if (number <= 0) {
    throw new InvalidArgumentError('The value must be above 0.');
  }
  return number;
}

export function parseSeconds(value: string): number {
  const number = parseNumber(value.replace(/s\s*$/i, ''), 'The timeout');
  if (number <= 0 || number > 900) {
    throw new InvalidArgumentError('The timeout is in seconds, from 1 to 900 (Lambda’s maximum).');
  }
  return number;
}

/** Parses a time limit of the live path in seconds, above 0 and at most an hour. Fractions are allowed. */
export function parseTimeLimitSeconds(value: string): number {
  const number = parseNumber(value.replace(/s\s*$/i, ''), 'The time limit');
  if (number <= 0 || number > 3600) {
    throw new InvalidArgumentError('Give the time limit in seconds, above 0 and at most 3600, for example 30.');
  }
  return number;
}

export function parsePrice(value: string): number {
  const number = parseNumber(value.replace(/^\$/, ''), 'The price');
  if (number <= 0 || number >= 1) {
    throw new InvalidArgumentError('The price is in USD per unit, above 0 and below 1, for example 0.0000166667.');
  }
  return number;
}

const STRATEGIES: readonly Strategy[] = ['cost', 'speed', 'balanced'];

export function parseStrategy(value: string): Strategy {
  if (!(STRATEGIES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`Choose one of ${STRATEGIES.join(', ')}.`);
  }
  return value as Strategy;
}

export function parseArchitecture(value: string): Architecture {
  const normalized = value.toLowerCase().replace('-', '_');
  if (normalized === 'x86_64' || normalized === 'amd64' || normalized === 'x86') return 'x86_64';
  if (normalized === 'arm64' || normalized === 'aarch64' || normalized === 'graviton') return 'arm64';
  throw new InvalidArgumentError('Choose x86_64 or arm64.');
}

export function parseRegion(value: string): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(value)) {
    throw new InvalidArgumentError('Give an AWS region code such as us-east-1.');
  }
  return value;
}

/** Lambda runtime identifiers: provided, provided.al2, provided.al2023, go1.x, nodejs22.x, python3.13, java21, dotnet8, ruby3.4. */
const RUNTIME_PATTERN = /^(provided(\.al2|\.al2023)?|go1\.x|nodejs\d+\.x|python\d\.\d+|java\d+(\.al2)?|dotnet(core)?\d+(\.\d+)?|ruby\d\.\d+)$/;

export function parseRuntime(value: string): string {
  if (!RUNTIME_PATTERN.test(value)) {
    throw new InvalidArgumentError('Give a Lambda runtime identifier such as provided.al2023, go1.x, nodejs22.x or python3.13.');
  }
  return value;
}

/** Collects a repeatable option's values in order. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Parses one `--tag key=value` and appends it. The value may be empty; the key may not. */
export function parseTag(value: string, previous: { key: string; value: string }[] | undefined): { key: string; value: string }[] {
  const equals = value.indexOf('=');
  if (equals <= 0) {
    throw new InvalidArgumentError(`Give a tag as KEY=VALUE, for example team=payments (got "${value}").`);
  }
  return [...(previous ?? []), { key: value.slice(0, equals), value: value.slice(equals + 1) }];
}

/** Parses `--regions us-east-1,eu-west-1`: one or more region codes, duplicates removed. */
export function parseRegionList(value: string): string[] {
  const regions = value.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  if (regions.length === 0) throw new InvalidArgumentError('Give one or more region codes separated by commas, such as us-east-1,eu-west-1.');
  return [...new Set(regions.map(parseRegion))];
}

/** Parses `--concurrency`: a whole number from 1 to 30. */
export function parseConcurrency(value: string): number {
  const number = parsePositiveInteger(value);
  if (number < 1 || number > 30) {
    throw new InvalidArgumentError('Give a whole number from 1 to 30, below your account’s Logs Insights concurrent query quota.');
  }
  return number;
}
