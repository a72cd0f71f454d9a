#!/usr/bin/env node
import { run } from '../dist/cli/main.js';

const code = await run(process.argv.slice(2));
// Interrupted: what is still in flight (a bundle half read) is for a result nobody will see; leave now.
if (code === 130) process.exit(code);
process.exitCode = code;
