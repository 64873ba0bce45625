import type { Advisory } from '../analysis.js';
import { ONE_VCPU_MEMORY_MB } from '../duration-model.js';
import { gomemlimitFor } from './memory.js';
import { goLikelihood, targetCandidate, type AdvisoryInput } from './shared.js';

/** Below this GOGC the collector runs so often that it eats a fractional vCPU's time. */
export const GOGC_LOW = 25;

/** Above this GOGC the heap may grow to GOGC/100 + 1 times the live heap between collections. */
export const GOGC_HIGH = 400;

/** The most vCPUs Lambda gives a function (at 10,240 MB); AWS Lambda Developer Guide, memory and computing power. */
export const LAMBDA_MAX_VCPUS = 6;

const BYTES_PER_MB = 1_048_576;

/** GOMEMLIMIT suffixes as the Go runtime reads them (runtime/debug.SetMemoryLimit: B, KiB, MiB, GiB, TiB). */
const GOMEMLIMIT_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};

/**
 * Advises on the Go GC settings in the function's environment: GOGC=off without a memory limit,
 * GOMEMLIMIT above the memory size, unusual GOGC values, GOMAXPROCS above the vCPUs Lambda gives.
 * Reads only GOGC, GOMEMLIMIT and GOMAXPROCS and prints only their values, because every other
 * variable may hold a secret.
 */
export function gcSettingsAdvisories(input: AdvisoryInput): Advisory[] {
  const environment = input.observations.configuration.goEnvironment;
  if (environment === undefined || goLikelihood(input.observations.configuration.runtime) === 'other') return [];
  const gogc = environment.GOGC;
  const gomemlimit = environment.GOMEMLIMIT;
  const gomaxprocs = environment.GOMAXPROCS;

  const advisories: Advisory[] = [];
  const limitBytes = gomemlimit === undefined ? null : parseGomemlimit(gomemlimit);
  const gogcValue = gogc === undefined ? null : parseGogc(gogc);

  // GOGC=off with a GOMEMLIMIT below the memory size is a documented Go setting: collect only near the limit.
  const limitBoundsHeap =
    typeof limitBytes === 'number' &&
    limitBytes / BYTES_PER_MB <= Math.min(input.analysis.function.currentMemorySizeMb, targetSize(input));
  if (gogcValue === 'off' && !limitBoundsHeap) {
    advisories.push(gogcOff(input, gogc!));
  } else if (typeof gogcValue === 'number' && (gogcValue < GOGC_LOW || gogcValue > GOGC_HIGH)) {
    advisories.push(gogcUnusual(gogc!, gogcValue));
  } else if (gogcValue === 'invalid') {
    advisories.push({
      code: 'gogc-invalid',
      severity: 'info',
      title: 'GOGC is not a number, so Go ignores it',
      evidence: `GOGC=${displayValue(gogc!)}; the Go runtime reads an integer or off and falls back to 100 for anything else`,
      fix: 'Remove GOGC or set it to an integer (100 is the default).',
    });
  }

  if (gomemlimit !== undefined && limitBytes === 'invalid') {
    advisories.push({
      code: 'gomemlimit-invalid',
      severity: 'critical',
      title: 'GOMEMLIMIT is malformed, so the Go runtime stops at start-up',
      evidence: `GOMEMLIMIT=${displayValue(gomemlimit)}; Go accepts a whole number of bytes with an optional B, KiB, MiB, GiB or TiB suffix, or off`,
      fix: `Set ${gomemlimitFor(targetSize(input))} (90% of the memory size).`,
    });
  } else if (typeof limitBytes === 'number') {
    const above = gomemlimitAbove(input, gomemlimit!, limitBytes);
    if (above !== null) advisories.push(above);
  }

  if (gomaxprocs !== undefined) {
    const procs = gomaxprocsAbove(input, gomaxprocs);
    if (procs !== null) advisories.push(procs);
  }
  return advisories;
}

function gogcOff(input: AdvisoryInput, gogc: string): Advisory {
  return {
    code: 'gogc-off',
    severity: 'critical',
    title: 'GOGC=off without a GOMEMLIMIT below the memory size: the heap grows until Lambda kills the process',
    evidence: `GOGC=${displayValue(gogc)} and GOMEMLIMIT ${input.observations.configuration.goEnvironment?.GOMEMLIMIT === undefined ? 'unset' : `=${displayValue(input.observations.configuration.goEnvironment.GOMEMLIMIT)}`}; with no limit below the memory size the garbage collector never runs, and a warm environment keeps every allocation`,
    fix: `Remove GOGC=off, or keep it and set ${gomemlimitFor(targetSize(input))} so that the collector runs only when the heap nears 90% of the memory size.`,
  };
}

function gogcUnusual(gogc: string, value: number): Advisory {
  const low = value < GOGC_LOW;
  return {
    code: 'gogc-unusual',
    severity: 'warning',
    title: low ? `GOGC=${value} makes the garbage collector run very often` : `GOGC=${value} lets the heap grow far between collections`,
    evidence: low
      ? `GOGC=${displayValue(gogc)}, below ${GOGC_LOW}: a collection starts every time the heap grows by ${value}% of the live heap, and below 1,769 MB the function has less than one vCPU to share with it`
      : `GOGC=${displayValue(gogc)}, above ${GOGC_HIGH}: the heap may reach ${(value / 100 + 1).toFixed(1)}× the live heap before a collection`,
    fix: low
      ? 'Remove GOGC (100 is the default) and cap memory with GOMEMLIMIT instead; measure Duration before and after.'
      : 'Keep the high GOGC only together with GOMEMLIMIT at about 90% of the memory size, which bounds the heap; otherwise return to the default of 100.',
  };
}

function gomemlimitAbove(input: AdvisoryInput, gomemlimit: string, limitBytes: number): Advisory | null {
  const current = input.analysis.function.currentMemorySizeMb;
  const target = targetSize(input);
  const limitMb = limitBytes / BYTES_PER_MB;
  const sizes = [...new Set([current, target])].filter((size) => limitMb > size);
  if (sizes.length === 0) return null;

  const which = sizes.map((size) => (size === current ? `the current ${size} MB` : `the recommended ${size} MB`)).join(' and ');
  return {
    code: 'gomemlimit-above-memory-size',
    severity: 'critical',
    title: 'GOMEMLIMIT is above the memory size, so it never slows the heap before the kill',
    evidence: `GOMEMLIMIT=${displayValue(gomemlimit)} is ${formatMb(limitMb)} MB, above ${which}`,
    fix: `Set ${gomemlimitFor(target)} (90% of ${target} MB), and change it whenever the memory size changes.`,
  };
}

function gomaxprocsAbove(input: AdvisoryInput, gomaxprocs: string): Advisory | null {
  // The Go runtime ignores a GOMAXPROCS that is not a positive integer.
  if (!/^\d+$/.test(gomaxprocs) || Number(gomaxprocs) < 1) return null;
  const value = Number(gomaxprocs);
  const target = targetSize(input);
  const vcpus = Math.min(LAMBDA_MAX_VCPUS, Math.ceil(target / ONE_VCPU_MEMORY_MB));
  if (value <= vcpus) return null;

  return {
    code: 'gomaxprocs-above-vcpus',
    severity: 'info',
    title: `GOMAXPROCS=${value} is above the vCPUs Lambda gives at ${target} MB`,
    evidence: `GOMAXPROCS=${displayValue(gomaxprocs)}; ${target} MB gets ${target < ONE_VCPU_MEMORY_MB ? 'a share of one vCPU' : `up to ${vcpus} vCPU(s)`} (1,769 MB is one full vCPU)`,
    fix: `Remove GOMAXPROCS or set it to ${vcpus}: more Go threads than vCPUs only adds scheduling work.`,
  };
}

function targetSize(input: AdvisoryInput): number {
  return targetCandidate(input.analysis)?.memorySizeMb ?? input.analysis.function.currentMemorySizeMb;
}

/**
 * Parses GOGC as the Go runtime does (runtime.readGOGC): `off` or a negative integer disables the
 * collector, and anything else that is not an integer, spaces included, falls back to 100.
 */
export function parseGogc(value: string): number | 'off' | 'invalid' {
  if (value === 'off') return 'off';
  if (!/^-?\d+$/.test(value)) return 'invalid';
  const number = Number(value);
  return number < 0 ? 'off' : number;
}

/** Parses GOMEMLIMIT in bytes as the Go runtime does: a whole number with an optional IEC suffix, or `off`. */
export function parseGomemlimit(value: string): number | 'off' | 'invalid' {
  if (value === 'off') return 'off';
  const match = /^(\d+)(B|KiB|MiB|GiB|TiB)?$/.exec(value);
  if (match === null) return 'invalid';
  return Number(match[1]) * (GOMEMLIMIT_UNITS[match[2] ?? ''] as number);
}

/** Shows a value from the function's environment: as it is when plain, quoted and cut to 32 characters otherwise. */
export function displayValue(value: string): string {
  if (/^[\w.+-]{1,32}$/.test(value)) return value;
  return JSON.stringify(value.length > 32 ? `${value.slice(0, 32)}…` : value);
}

function formatMb(mb: number): string {
  return Number.isInteger(mb) ? mb.toLocaleString('en-US') : mb.toFixed(1);
}
