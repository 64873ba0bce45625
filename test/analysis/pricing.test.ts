import { describe, expect, it } from 'vitest';

import { invocationCostUsd, resolvePrices } from '../../src/analysis/pricing.js';

describe('resolvePrices', () => {
  it('uses the us-east-1 list prices by default', () => {
    const prices = resolvePrices({});
    expect(prices.pricePerGbSecondUsd).toBe(0.0000166667);
    expect(prices.pricePerRequestUsd).toBeCloseTo(0.0000002, 15);
    expect(prices.warnings).toEqual([]);
  });

  it('prices arm64 lower', () => {
    expect(resolvePrices({ architecture: 'arm64' }).pricePerGbSecondUsd).toBe(0.0000133334);
  });

  it('warns when a region has no price', () => {
    const prices = resolvePrices({ region: 'ap-east-1' });
    expect(prices.pricePerGbSecondUsd).toBe(0.0000166667);
    expect(prices.warnings[0]).toBe(
      "No price is known for region ap-east-1; us-east-1 prices are used. Pass --price-per-gb-second and --price-per-request with your region's prices.",
    );
  });

  it('applies user overrides', () => {
    const prices = resolvePrices({ region: 'ap-east-1', pricePerGbSecondUsd: 0.00002292, pricePerRequestUsd: 0.00000028 });
    expect(prices.pricePerGbSecondUsd).toBe(0.00002292);
    expect(prices.pricePerRequestUsd).toBe(0.00000028);
    expect(prices.warnings).toEqual([]);
    expect(prices.source).toBe('user-supplied prices');
  });
});

describe('invocationCostUsd', () => {
  it('bills memory as MB / 1024 GB', () => {
    // 100 ms at 512 MB: 0.1 s × 0.5 GB × $0.0000166667 + $0.0000002 = $0.00000103333.
    expect(invocationCostUsd(100, 512, resolvePrices({}))).toBeCloseTo(0.1 * 0.5 * 0.0000166667 + 0.0000002, 15);
  });

  it('costs a million 1 s invocations at 1024 MB at $16.87', () => {
    // 1,000,000 GB-s × $0.0000166667 = $16.6667, plus $0.20 of requests.
    expect((invocationCostUsd(1000, 1024, resolvePrices({})) * 1_000_000).toFixed(2)).toBe('16.87');
  });
});
