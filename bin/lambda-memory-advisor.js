#!/usr/bin/env node
// Thin launcher: all logic lives in the compiled CLI so that start-up loads one module graph.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
