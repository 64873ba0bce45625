/**
 * Model accuracy: scores the duration model against published power-tuning curves
 * (data/power-tuning-curves.json; each entry names its source URL). Every point is taken
 * in turn as the observed one and the model predicts the other points at or below one
 * vCPU (1,769 MB). Kept as a regression benchmark for changes to the model.
 */

import { readFileSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

import { median } from './lib/system.js';

const CURVES = fileURLToPath(new URL('data/power-tuning-curves.json', import.meta.url));

/** Equal weights: the curves publish averages, not invocation counts. */
const INVOCATIONS_PER_POINT = 100;

function percentError(predicted, actual) {
  return (Math.abs(predicted - actual) / actual) * 100;
}

/**
 * Scores one curve. With two observed points the CPU fraction is fitted from them and each
 * other target is predicted from the first; with one observed point the prediction is the
 * band between f = 0 and f = 1, scored by whether it contains the published value.
 */
function scoreCurve(curve, model) {
  const points = curve.points.map((point) => ({ memorySizeMb: point.memory_mb, durationMs: point.avg_duration_ms }));
  const targetsFor = (...observed) =>
    points.filter((point) => point.memorySizeMb <= model.ONE_VCPU_MEMORY_MB && !observed.includes(point));

  const fittedErrors = [];
  for (const first of points) {
    for (const second of points) {
      if (second === first) continue;
      const fit = model.fitCpuFraction(
        [first, second].map((point) => ({ ...point, invocations: INVOCATIONS_PER_POINT })),
        first.memorySizeMb,
      );
      if (fit === undefined) continue;
      for (const target of targetsFor(first, second)) {
        const predicted = first.durationMs * model.durationScale(fit.cpuFraction, first.memorySizeMb, target.memorySizeMb);
        fittedErrors.push(percentError(predicted, target.durationMs));
      }
    }
  }

  let bandCases = 0;
  let bandHits = 0;
  for (const observed of points) {
    for (const target of targetsFor(observed)) {
      const ioBound = observed.durationMs * model.durationScale(0, observed.memorySizeMb, target.memorySizeMb);
      const cpuBound = observed.durationMs * model.durationScale(1, observed.memorySizeMb, target.memorySizeMb);
      bandCases++;
      if (target.durationMs >= Math.min(ioBound, cpuBound) && target.durationMs <= Math.max(ioBound, cpuBound)) bandHits++;
    }
  }
  return { fittedErrors, bandCases, bandHits };
}

/** Scores every curve with the model module (the built dist/analysis/duration-model.js). */
export function runAccuracyBenchmark(model) {
  const curves = JSON.parse(readFileSync(CURVES, 'utf8'));
  const rows = curves.map((curve) => {
    const score = scoreCurve(curve, model);
    return {
      curve: `${curve.runtime}: ${curve.description.split(/[,;(]/)[0].trim()}`,
      source: curve.source_url,
      sizes: curve.points.map((point) => point.memory_mb).join(', '),
      fittedMdape: median(score.fittedErrors),
      fittedCases: score.fittedErrors.length,
      bandHits: score.bandHits,
      bandCases: score.bandCases,
    };
  });
  const allErrors = curves.flatMap((curve) => scoreCurve(curve, model).fittedErrors);
  const bandHits = rows.reduce((total, row) => total + row.bandHits, 0);
  const bandCases = rows.reduce((total, row) => total + row.bandCases, 0);
  return { rows, fittedMdape: median(allErrors), fittedCases: allErrors.length, bandHits, bandCases };
}
