/**
 * Fleet API cost benchmark: not measured yet, because the fleet audit path does not exist.
 * When it does, measure here the AWS API calls and wall time per function of a fleet
 * audit against a local fake AWS server, and return the figures for the page.
 */
export function runFleetBenchmark() {
  return { measured: false };
}
