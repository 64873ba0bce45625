import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * uPlot (MIT, about 51 KB minified) draws the charts. It is a runtime dependency, and its
 * minified IIFE build and stylesheet are read from node_modules and inlined into every report,
 * so the file needs no network.
 */
export interface ChartLibrary {
  version: string;
  /** The IIFE build, which defines the global `uPlot`, preceded by its licence as a comment. */
  script: string;
  stylesheet: string;
}

let cached: ChartLibrary | undefined;

/** Reads uPlot from the installed package once per process. */
export function loadChartLibrary(): ChartLibrary {
  if (cached !== undefined) return cached;

  const require = createRequire(import.meta.url);
  let packageDirectory: string;
  try {
    packageDirectory = dirname(require.resolve('uplot/package.json'));
  } catch (error) {
    throw new Error('The uplot package, which draws the HTML report charts, is not installed; reinstall lambda-memory-advisor.', {
      cause: error,
    });
  }

  const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as { version: string };
  const licence = readFileSync(join(packageDirectory, 'LICENSE'), 'utf8').trim();
  if (licence.includes('*/')) {
    throw new Error('The uPlot licence text contains "*/" and cannot be embedded in a script comment.');
  }
  const script = readFileSync(join(packageDirectory, 'dist', 'uPlot.iife.min.js'), 'utf8');
  const stylesheet = readFileSync(join(packageDirectory, 'dist', 'uPlot.min.css'), 'utf8');

  cached = {
    version: manifest.version,
    // The MIT licence requires its notice in every copy, and each report contains a copy.
    script: `/*! uPlot ${manifest.version}\n${licence}\n*/\n${script.trim()}`,
    stylesheet: stylesheet.trim(),
  };
  return cached;
}
