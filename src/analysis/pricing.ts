import type { Architecture } from './observations.js';

/**
 * On-demand Lambda prices, first tier, in USD.
 *
 * Source: AWS Lambda pricing page (https://aws.amazon.com/lambda/pricing/), US East
 * (N. Virginia), as published on 2026-12-04. The first tier covers the first 6 billion
 * GB-seconds a month on x86_64 and the first 7.5 billion on arm64, per account and region.
 * Above that the duration price falls by 10% and then 20%. A single function rarely
 * reaches the second tier, so the engine always prices the first tier and says so.
 */
export const PRICE_TABLE_DATE = '2026-12-04';

export interface RegionPrices {
  pricePerGbSecondUsd: Record<Architecture, number>;
  pricePerRequestUsd: number;
}

/** Prices per region. Regions missing here fall back to us-east-1 with a stated warning. */
export const REGION_PRICES: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': {
    pricePerGbSecondUsd: { x86_64: 0.0000166667, arm64: 0.0000133334 },
    // $0.20 per million requests.
    pricePerRequestUsd: 0.2 / 1_000_000,
  },
};

export const DEFAULT_REGION = 'us-east-1';

export interface PriceOverrides {
  region?: string;
  architecture?: Architecture;
  pricePerGbSecondUsd?: number;
  pricePerRequestUsd?: number;
}

/** The prices one analysis uses, with where each came from. */
export interface ResolvedPrices {
  region: string;
  architecture: Architecture;
  pricePerGbSecondUsd: number;
  pricePerRequestUsd: number;
  /** Price for the other architecture, for the arm64 savings advisory. */
  alternativePricePerGbSecondUsd: number;
  source: string;
  warnings: string[];
}

/**
 * Resolves the duration and request prices for a region and architecture, applying user overrides.
 * An unknown region falls back to us-east-1 and adds a warning, because a wrong price
 * is worse when nobody is told about it.
 */
export function resolvePrices(overrides: PriceOverrides): ResolvedPrices {
  const region = overrides.region ?? DEFAULT_REGION;
  const architecture = overrides.architecture ?? 'x86_64';
  const warnings: string[] = [];

  let table = REGION_PRICES[region];
  if (table === undefined) {
    // DEFAULT_REGION is a key of REGION_PRICES.
    table = REGION_PRICES[DEFAULT_REGION]!;
    if (overrides.pricePerGbSecondUsd === undefined) {
      warnings.push(
        `No price is known for region ${region}; us-east-1 prices are used. Pass --price-per-gb-second and --price-per-request with your region's prices.`,
      );
    }
  }

  const other: Architecture = architecture === 'x86_64' ? 'arm64' : 'x86_64';
  const tableRegion = REGION_PRICES[region] === undefined ? DEFAULT_REGION : region;
  const tableSource = `AWS list prices for ${tableRegion}, first tier, as of ${PRICE_TABLE_DATE}`;
  const userSetDuration = overrides.pricePerGbSecondUsd !== undefined;
  const userSetRequest = overrides.pricePerRequestUsd !== undefined;
  let source = tableSource;
  if (userSetDuration && userSetRequest) {
    source = 'user-supplied prices';
  } else if (userSetDuration || userSetRequest) {
    source = `user-supplied ${userSetDuration ? 'duration' : 'request'} price, otherwise ${tableSource}`;
  }

  return {
    region,
    architecture,
    pricePerGbSecondUsd: overrides.pricePerGbSecondUsd ?? table.pricePerGbSecondUsd[architecture],
    pricePerRequestUsd: overrides.pricePerRequestUsd ?? table.pricePerRequestUsd,
    alternativePricePerGbSecondUsd: table.pricePerGbSecondUsd[other],
    source,
    warnings,
  };
}

/**
 * Cost in USD of one invocation billed for `billedMs` at `memorySizeMb`.
 * Lambda bills GB-seconds with memory in GB as MB / 1024 (512 MB is 0.5 GB).
 */
export function invocationCostUsd(billedMs: number, memorySizeMb: number, prices: ResolvedPrices): number {
  return (billedMs / 1000) * (memorySizeMb / 1024) * prices.pricePerGbSecondUsd + prices.pricePerRequestUsd;
}
