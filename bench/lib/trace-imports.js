/**
 * Preloaded with `node --import` by the start-up benchmark: prints every AWS SDK or Smithy
 * module that the process loads to stderr, as `aws-sdk-module <url or path>`.
 */

import { writeSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import process from 'node:process';

register('./trace-imports-hooks.js', import.meta.url);

const require = createRequire(import.meta.url);
process.on('exit', () => {
  for (const path of Object.keys(require.cache)) {
    if (/[/\\]@(?:aws-sdk|smithy)[/\\]/.test(path)) writeSync(2, `aws-sdk-module ${path}\n`);
  }
});
