import type { Strategy } from './analysis.js';
import type { EvaluatedCandidate } from './candidates.js';
import { COST_TIE_TOLERANCE } from './options.js';

/**
 * A candidate's cost as the strategies compare it.
 *
 * With a known CPU-bound fraction this is the cost per invocation. When the fraction is
 * unknown, each candidate is priced in the I/O-bound and the CPU-bound world, and the score
 * is its worst ratio to the cheapest viable candidate of that world (minimax relative
 * regret). A score of 1.013 reads "at most 1.3% dearer than the best choice, whichever
 * world is true". Below one vCPU a CPU-bound function costs about the same at every
 * size, so this picks the size that saves most if the function waits on I/O while
 * risking little if it does not.
 */
export function costScores(viable: EvaluatedCandidate[]): number[] {
  const worlds = viable[0]?.projections.length ?? 0;
  const cheapest: number[] = [];
  for (let world = 0; world < worlds; world++) {
    cheapest.push(Math.min(...viable.map((candidate) => candidate.projections[world]!.costPerInvocationUsd)));
  }
  return viable.map((candidate) =>
    Math.max(...candidate.projections.map((projection, world) => projection.costPerInvocationUsd / cheapest[world]!)),
  );
}

/** The P95 the strategies compare: the pessimistic end of the band. */
export function decisionP95(candidate: EvaluatedCandidate): number {
  return candidate.row.p95Ms.high;
}

/**
 * Returns the index in `viable` of the candidate the strategy picks, or -1 when none is viable.
 *
 * cost: lowest cost score; scores within 1% tie and the lowest P95 wins, then the current
 * size (no change for nothing), then the smaller size.
 * speed: lowest P95; P95s within 1% tie and the lowest cost score wins.
 * balanced: lowest weighted sum of cost score and P95, each divided by its best value.
 */
export function chooseCandidate(viable: EvaluatedCandidate[], strategy: Strategy, balancedCostWeight: number): number {
  if (viable.length === 0) return -1;
  const scores = costScores(viable);
  const p95s = viable.map(decisionP95);
  const indices = viable.map((_, index) => index);
  const bestScore = Math.min(...scores);
  const bestP95 = Math.min(...p95s);

  const byCostThenSpeed = (a: number, b: number): number =>
    scores[a]! - scores[b]! || p95s[a]! - p95s[b]! || viable[a]!.row.memorySizeMb - viable[b]!.row.memorySizeMb;

  if (strategy === 'speed') {
    const tied = indices.filter((index) => p95s[index]! <= bestP95 * (1 + COST_TIE_TOLERANCE));
    return tied.sort(byCostThenSpeed)[0]!;
  }

  if (strategy === 'balanced') {
    const weight = balancedCostWeight;
    const combined = indices.map(
      (index) => weight * (scores[index]! / bestScore) + (1 - weight) * (p95s[index]! / (bestP95 > 0 ? bestP95 : 1)),
    );
    return indices.sort((a, b) => combined[a]! - combined[b]! || byCostThenSpeed(a, b))[0]!;
  }

  const tied = indices.filter((index) => scores[index]! <= bestScore * (1 + COST_TIE_TOLERANCE));
  const fastest = Math.min(...tied.map((index) => p95s[index]!));
  const equallyFast = tied.filter((index) => p95s[index]! <= fastest * (1 + COST_TIE_TOLERANCE));
  const current = equallyFast.find((index) => viable[index]!.row.isCurrent);
  if (current !== undefined) return current;
  return equallyFast.sort(byCostThenSpeed)[0]!;
}
