/** Module resolve hook registered by trace-imports.js; runs on the loader thread. */

import { writeSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (/[/\\]@(?:aws-sdk|smithy)[/\\]/.test(result.url)) writeSync(2, `aws-sdk-module ${result.url}\n`);
  return result;
}
