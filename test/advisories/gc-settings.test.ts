import { describe, expect, it } from 'vitest';

import { renderJson } from '../../src/report/json.js';
import { renderTable } from '../../src/report/table.js';
import type { FunctionConfigurationFacts } from '../../src/analysis/observations.js';
import { advisoryCodes, analyze, findAdvisory, readFixture, repeat } from './helpers.js';

type GoEnvironment = NonNullable<FunctionConfigurationFacts['goEnvironment']>;

/** Ten invocations at 256 MB: too few for a recommendation, so the current size is the target. */
function analyzeWith(goEnvironment: GoEnvironment, runtime = 'provided.al2023') {
  return analyze([{ memorySizeMb: 256, durationsMs: repeat(40, 10), maxMemoryUsedMb: 60 }], { runtime, goEnvironment });
}

const GC_CODES = ['gogc-off', 'gogc-unusual', 'gogc-invalid', 'gomemlimit-above-memory-size', 'gomemlimit-invalid', 'gomaxprocs-above-vcpus'];

function gcCodes(analysis: ReturnType<typeof analyzeWith>): string[] {
  return advisoryCodes(analysis).filter((code) => GC_CODES.includes(code));
}

/** Keeps only the three Go variables, as a source that reads GetFunctionConfiguration must. */
function goEnvironmentFromConfiguration(json: string): GoEnvironment {
  const configuration = JSON.parse(json) as { Environment?: { Variables?: Record<string, string> } };
  const variables = configuration.Environment?.Variables ?? {};
  return { GOGC: variables.GOGC, GOMEMLIMIT: variables.GOMEMLIMIT, GOMAXPROCS: variables.GOMAXPROCS };
}

describe('GC settings advisories', () => {
  it('fire on the configuration fixture', () => {
    const analysis = analyzeWith(goEnvironmentFromConfiguration(readFixture('gc-settings-provided-al2023.get-function-configuration.json')));
    expect(gcCodes(analysis)).toEqual(['gogc-off', 'gomemlimit-above-memory-size', 'gomaxprocs-above-vcpus']);
  });

  it('flag GOGC=off without a limit', () => {
    const advisory = findAdvisory(analyzeWith({ GOGC: 'off' }), 'gogc-off');
    expect(advisory?.severity).toBe('critical');
    expect(advisory?.evidence).toBe(
      'GOGC=off and GOMEMLIMIT unset; with no limit below the memory size the garbage collector never runs, and a warm environment keeps every allocation',
    );
    expect(advisory?.fix).toBe(
      'Remove GOGC=off, or keep it and set GOMEMLIMIT=230MiB so that the collector runs only when the heap nears 90% of the memory size.',
    );
  });

  it('treat a negative GOGC as off', () => {
    expect(gcCodes(analyzeWith({ GOGC: '-1' }))).toContain('gogc-off');
  });

  it('accept GOGC=off with a limit below the size', () => {
    expect(gcCodes(analyzeWith({ GOGC: 'off', GOMEMLIMIT: '230MiB' }))).toEqual([]);
  });

  it('flag GOMEMLIMIT above the memory size', () => {
    const advisory = findAdvisory(analyzeWith({ GOMEMLIMIT: '257MiB' }), 'gomemlimit-above-memory-size');
    expect(advisory?.evidence).toBe('GOMEMLIMIT=257MiB is 257 MB, above the current 256 MB');
    expect(advisory?.fix).toBe('Set GOMEMLIMIT=230MiB (90% of 256 MB), and change it whenever the memory size changes.');
  });

  it('accept GOMEMLIMIT at the memory size', () => {
    expect(gcCodes(analyzeWith({ GOMEMLIMIT: '256MiB' }))).toEqual([]);
  });

  it('read GOMEMLIMIT in bytes and GiB', () => {
    expect(findAdvisory(analyzeWith({ GOMEMLIMIT: '268435457' }), 'gomemlimit-above-memory-size')?.evidence).toBe(
      'GOMEMLIMIT=268435457 is 256.0 MB, above the current 256 MB',
    );
    expect(findAdvisory(analyzeWith({ GOMEMLIMIT: '1GiB' }), 'gomemlimit-above-memory-size')?.evidence).toBe(
      'GOMEMLIMIT=1GiB is 1,024 MB, above the current 256 MB',
    );
  });

  it('compare GOMEMLIMIT with the recommended size', () => {
    // 200 invocations using 60 MB at 512 MB: the cost strategy recommends a smaller size.
    const analysis = analyze([{ memorySizeMb: 512, durationsMs: repeat(40, 200), maxMemoryUsedMb: 60 }], {
      runtime: 'go1.x',
      goEnvironment: { GOMEMLIMIT: '460MiB' },
    });
    const recommended = analysis.recommendation.memorySizeMb;
    expect(recommended).toBe(128);
    expect(findAdvisory(analysis, 'gomemlimit-above-memory-size')?.evidence).toBe(
      'GOMEMLIMIT=460MiB is 460 MB, above the recommended 128 MB',
    );
  });

  it('flag a malformed GOMEMLIMIT', () => {
    const advisory = findAdvisory(analyzeWith({ GOMEMLIMIT: '200MB' }), 'gomemlimit-invalid');
    expect(advisory?.severity).toBe('critical');
  });

  it('flag GOGC below 25 and above 400', () => {
    expect(gcCodes(analyzeWith({ GOGC: '25' }))).toEqual([]);
    expect(findAdvisory(analyzeWith({ GOGC: '24' }), 'gogc-unusual')?.title).toBe('GOGC=24 makes the garbage collector run very often');
    expect(gcCodes(analyzeWith({ GOGC: '400' }))).toEqual([]);
    expect(findAdvisory(analyzeWith({ GOGC: '401' }), 'gogc-unusual')?.title).toBe('GOGC=401 lets the heap grow far between collections');
  });

  it('flag a GOGC that Go ignores', () => {
    expect(findAdvisory(analyzeWith({ GOGC: ' off' }), 'gogc-invalid')?.evidence).toBe(
      'GOGC=" off"; the Go runtime reads an integer or off and falls back to 100 for anything else',
    );
  });

  it('flag GOMAXPROCS above the vCPUs', () => {
    expect(gcCodes(analyzeWith({ GOMAXPROCS: '1' }))).toEqual([]);
    expect(findAdvisory(analyzeWith({ GOMAXPROCS: '2' }), 'gomaxprocs-above-vcpus')?.evidence).toBe(
      'GOMAXPROCS=2; 256 MB gets a share of one vCPU (1,769 MB is one full vCPU)',
    );
  });

  it('stay silent for another language', () => {
    expect(gcCodes(analyzeWith({ GOGC: 'off' }, 'nodejs22.x'))).toEqual([]);
  });

  it('never print another variable', () => {
    const secrets = { DATABASE_PASSWORD: 'fixture-secret-do-not-print', STRIPE_API_KEY: 'sk_test_fixture_secret_value' };
    // A source that passed the whole environment by mistake must still not leak it.
    const environment = { GOGC: 'off', GOMEMLIMIT: '512MiB', GOMAXPROCS: '4', ...secrets } as GoEnvironment;
    const analysis = analyzeWith(environment);
    const table = renderTable(analysis, { color: false });
    const json = renderJson(analysis);
    for (const secret of Object.values(secrets)) {
      expect(table).not.toContain(secret);
      expect(json).not.toContain(secret);
    }
    expect(json).not.toContain('DATABASE_PASSWORD');
  });

  it('quote a value with control characters', () => {
    const advisory = findAdvisory(analyzeWith({ GOGC: 'off\u001b[31m' }), 'gogc-invalid');
    expect(advisory?.evidence.startsWith('GOGC="off\\u001b[31m";')).toBe(true);
  });
});
