/**
 * JSON Schema (draft 2020-12) of the JSON and NDJSON records, printed by
 * `lambda-memory-advisor schema`. docs/json-output.md describes the fields in prose.
 * Every test that produces JSON validates it against this schema.
 */

const nullableNumber = { type: ['number', 'null'] };
const nullableString = { type: ['string', 'null'] };

const range = {
  type: 'object',
  required: ['low', 'high'],
  additionalProperties: false,
  properties: { low: { type: 'number' }, high: { type: 'number' } },
};

const nullableRange = { oneOf: [{ type: 'null' }, { $ref: '#/$defs/range' }] };

const percentileEstimate = {
  oneOf: [
    { type: 'null' },
    {
      type: 'object',
      required: ['value', 'lower', 'upper'],
      additionalProperties: false,
      properties: { value: { type: 'number' }, lower: nullableNumber, upper: nullableNumber },
    },
  ],
};

const observedSize = {
  type: 'object',
  required: [
    'memorySizeMb',
    'invocations',
    'basis',
    'duration',
    'billedDurationMeanMs',
    'maxMemoryUsedMb',
    'coldStarts',
    'initDurationMs',
    'timeouts',
    'errors',
    'oomKills',
  ],
  additionalProperties: false,
  properties: {
    memorySizeMb: { type: 'number', minimum: 1 },
    invocations: { type: 'integer', minimum: 0 },
    basis: { enum: ['samples', 'summary'] },
    duration: {
      type: 'object',
      required: ['p50', 'p90', 'p95', 'p99', 'maxMs', 'meanMs'],
      additionalProperties: false,
      properties: {
        p50: { $ref: '#/$defs/percentileEstimate' },
        p90: { $ref: '#/$defs/percentileEstimate' },
        p95: { $ref: '#/$defs/percentileEstimate' },
        p99: { $ref: '#/$defs/percentileEstimate' },
        maxMs: nullableNumber,
        meanMs: nullableNumber,
      },
    },
    billedDurationMeanMs: nullableNumber,
    maxMemoryUsedMb: {
      type: 'object',
      required: ['p50', 'p95', 'max'],
      additionalProperties: false,
      properties: { p50: nullableNumber, p95: nullableNumber, max: nullableNumber },
    },
    coldStarts: { type: 'integer', minimum: 0 },
    initDurationMs: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['p50', 'p95'],
          additionalProperties: false,
          properties: { p50: { type: 'number' }, p95: { type: 'number' } },
        },
      ],
    },
    timeouts: { type: 'integer', minimum: 0 },
    errors: { type: 'integer', minimum: 0 },
    oomKills: { type: 'integer', minimum: 0 },
  },
};

const candidate = {
  type: 'object',
  required: [
    'memorySizeMb',
    'kind',
    'inGrid',
    'invocations',
    'projectedFromMb',
    'p50Ms',
    'p95Ms',
    'p99Ms',
    'p95Interval',
    'billedMeanMs',
    'costPerMillionUsd',
    'monthlyCostUsd',
    'changeVsCurrentPercent',
    'memoryHeadroomPercent',
    'viable',
    'rejections',
    'isCurrent',
    'isRecommended',
  ],
  additionalProperties: false,
  properties: {
    memorySizeMb: { type: 'integer', minimum: 128, maximum: 10240 },
    kind: { enum: ['observed', 'projected'] },
    inGrid: { type: 'boolean' },
    invocations: { type: 'integer', minimum: 0 },
    projectedFromMb: nullableNumber,
    p50Ms: { $ref: '#/$defs/range' },
    p95Ms: { $ref: '#/$defs/range' },
    p99Ms: { $ref: '#/$defs/range' },
    p95Interval: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['lower', 'upper'],
          additionalProperties: false,
          properties: { lower: nullableNumber, upper: nullableNumber },
        },
      ],
    },
    billedMeanMs: { $ref: '#/$defs/range' },
    costPerMillionUsd: { $ref: '#/$defs/range' },
    monthlyCostUsd: nullableRange,
    changeVsCurrentPercent: nullableRange,
    memoryHeadroomPercent: nullableNumber,
    viable: { type: 'boolean' },
    rejections: { type: 'array', items: { type: 'string' } },
    isCurrent: { type: 'boolean' },
    isRecommended: { type: 'boolean' },
  },
};

const advisory = {
  type: 'object',
  required: ['code', 'severity', 'title', 'evidence', 'fix'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    severity: { enum: ['info', 'warning', 'critical'] },
    title: { type: 'string' },
    evidence: { type: 'string' },
    fix: { type: 'string' },
  },
};

const assumptions = {
  type: 'object',
  required: [
    'region',
    'architecture',
    'pricePerGbSecondUsd',
    'pricePerRequestUsd',
    'priceSource',
    'cpuFraction',
    'headroomPercent',
    'maxP95Ms',
    'strategy',
    'balancedCostWeight',
    'minInvocations',
    'invocationsPerMonth',
    'percentileDefinition',
    'confidenceLevel',
    'billingRule',
    'memoryNote',
  ],
  properties: {
    region: { type: 'string' },
    architecture: { enum: ['x86_64', 'arm64'] },
    pricePerGbSecondUsd: { type: 'number', exclusiveMinimum: 0 },
    pricePerRequestUsd: { type: 'number', minimum: 0 },
    priceSource: { type: 'string' },
    cpuFraction: {
      type: 'object',
      required: ['source', 'value', 'referenceMemoryMb', 'detail'],
      additionalProperties: false,
      properties: {
        source: { enum: ['fit', 'lambda-insights', 'user', 'unknown'] },
        value: { oneOf: [{ type: 'null' }, { type: 'number', minimum: 0, maximum: 1 }] },
        referenceMemoryMb: { type: 'number' },
        detail: { type: 'string' },
      },
    },
    headroomPercent: { type: 'number', minimum: 0 },
    maxP95Ms: nullableNumber,
    strategy: { enum: ['cost', 'speed', 'balanced'] },
    balancedCostWeight: { type: 'number', minimum: 0, maximum: 1 },
    minInvocations: { type: 'integer', minimum: 0 },
    invocationsPerMonth: {
      type: 'object',
      required: ['value', 'source'],
      additionalProperties: false,
      properties: { value: nullableNumber, source: { enum: ['user', 'observed-rate', 'unknown'] } },
    },
    percentileDefinition: { type: 'string' },
    confidenceLevel: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    billingRule: { type: 'string' },
    memoryNote: { type: 'string' },
  },
};

const analysis = {
  type: 'object',
  required: [
    'schemaVersion',
    'function',
    'source',
    'window',
    'invocations',
    'observed',
    'candidates',
    'recommendation',
    'advisories',
    'assumptions',
    'parse',
    'warnings',
  ],
  properties: {
    schemaVersion: { const: 1 },
    function: {
      type: 'object',
      required: ['name', 'runtime', 'architecture', 'region', 'currentMemorySizeMb', 'timeoutSeconds'],
      properties: {
        name: { type: 'string' },
        runtime: nullableString,
        architecture: { enum: ['x86_64', 'arm64'] },
        region: { type: 'string' },
        currentMemorySizeMb: { type: 'number' },
        timeoutSeconds: nullableNumber,
      },
    },
    source: {
      type: 'object',
      required: ['kind', 'detail'],
      properties: { kind: { enum: ['logs', 'aws'] }, detail: { type: 'array', items: { type: 'string' } } },
    },
    window: {
      type: 'object',
      required: ['start', 'end', 'hours'],
      additionalProperties: false,
      properties: { start: nullableString, end: nullableString, hours: nullableNumber },
    },
    invocations: { type: 'integer', minimum: 0 },
    observed: { type: 'array', items: { $ref: '#/$defs/observedSize' } },
    candidates: { type: 'array', minItems: 1, items: { $ref: '#/$defs/candidate' } },
    recommendation: {
      type: 'object',
      required: ['memorySizeMb', 'finding', 'reason', 'monthlySavingsUsd'],
      additionalProperties: false,
      properties: {
        memorySizeMb: nullableNumber,
        finding: { enum: ['over-provisioned', 'under-provisioned', 'optimized', 'insufficient-data', 'no-viable-size'] },
        reason: { type: 'string', minLength: 1 },
        monthlySavingsUsd: nullableRange,
      },
    },
    advisories: { type: 'array', items: { $ref: '#/$defs/advisory' } },
    assumptions: { $ref: '#/$defs/assumptions' },
    parse: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['linesRead', 'reportLines', 'linesSkipped', 'malformedReports', 'duplicateReports'],
          properties: {
            linesRead: { type: 'integer', minimum: 0 },
            reportLines: { type: 'integer', minimum: 0 },
            linesSkipped: { type: 'integer', minimum: 0 },
            malformedReports: { type: 'integer', minimum: 0 },
            duplicateReports: { type: 'integer', minimum: 0 },
          },
        },
      ],
    },
    warnings: { type: 'array', items: { type: 'string' } },
  },
};

/** A function that could not be analysed, in NDJSON and fleet output. */
const failure = {
  type: 'object',
  required: ['schemaVersion', 'function', 'error'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: 1 },
    function: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: { name: { type: 'string' }, region: { type: 'string' } },
    },
    error: {
      type: 'object',
      required: ['operation', 'message'],
      additionalProperties: false,
      properties: { operation: { type: 'string' }, message: { type: 'string' } },
    },
  },
};

const findingEnum = { enum: ['over-provisioned', 'under-provisioned', 'optimized', 'insufficient-data', 'no-viable-size'] };

const count = { type: 'integer', minimum: 0 };

/** Totals of a fleet audit: costs, findings by kind, and every function sorted by savings. */
const fleetSummary = {
  type: 'object',
  required: ['functions', 'findings', 'currentMonthlyCostUsd', 'recommendedMonthlyCostUsd', 'monthlySavingsUsd', 'functionsWithoutCost', 'bySavings', 'idle'],
  additionalProperties: false,
  properties: {
    functions: {
      type: 'object',
      required: ['analysed', 'failed', 'idle'],
      additionalProperties: false,
      properties: { analysed: count, failed: count, idle: count },
    },
    findings: {
      type: 'object',
      required: ['over-provisioned', 'under-provisioned', 'optimized', 'insufficient-data', 'no-viable-size'],
      additionalProperties: false,
      properties: {
        'over-provisioned': count,
        'under-provisioned': count,
        optimized: count,
        'insufficient-data': count,
        'no-viable-size': count,
      },
    },
    currentMonthlyCostUsd: { $ref: '#/$defs/range' },
    recommendedMonthlyCostUsd: { $ref: '#/$defs/range' },
    monthlySavingsUsd: { $ref: '#/$defs/range' },
    functionsWithoutCost: count,
    bySavings: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'name',
          'region',
          'finding',
          'currentMemorySizeMb',
          'recommendedMemorySizeMb',
          'currentMonthlyCostUsd',
          'recommendedMonthlyCostUsd',
          'monthlySavingsUsd',
        ],
        additionalProperties: false,
        properties: {
          name: { type: 'string' },
          region: { type: 'string' },
          finding: findingEnum,
          currentMemorySizeMb: { type: 'number', minimum: 1 },
          recommendedMemorySizeMb: nullableNumber,
          currentMonthlyCostUsd: nullableRange,
          recommendedMonthlyCostUsd: nullableRange,
          monthlySavingsUsd: nullableRange,
        },
      },
    },
    idle: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'region'],
        additionalProperties: false,
        properties: { name: { type: 'string' }, region: { type: 'string' } },
      },
    },
  },
};

/** The JSON document of a fleet audit or of a run over several functions. */
const fleet = {
  type: 'object',
  required: ['schemaVersion', 'analyses', 'failures', 'summary'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: 1 },
    analyses: { type: 'array', items: { $ref: '#/$defs/analysis' } },
    failures: { type: 'array', items: { $ref: '#/$defs/failure' } },
    summary: { $ref: '#/$defs/fleetSummary' },
  },
};

/**
 * Every JSON document the tool prints: one function's analysis, one function's failure
 * (an NDJSON line), or a run over several functions.
 */
export const REPORT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:lambda-memory-advisor:report:v1',
  title: 'lambda-memory-advisor report record, schema version 1',
  oneOf: [{ $ref: '#/$defs/analysis' }, { $ref: '#/$defs/failure' }, { $ref: '#/$defs/fleet' }],
  $defs: { analysis, failure, fleet, fleetSummary, range, percentileEstimate, observedSize, candidate, advisory, assumptions },
} as const;
