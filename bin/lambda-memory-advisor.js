#!/usr/bin/env node
// Thin launcher: all logic lives in the compiled CLI so that start-up loads one module graph.
import { main } from '../dist/cli/main.js';

// A reader that closes the pipe early (`| head`) is not an error: stop writing and exit quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
