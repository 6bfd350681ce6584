#!/usr/bin/env node
// The `nhicard` command: see launch.js for what it runs.
import { launch } from './launch.js';

await launch(process.argv.slice(2));
