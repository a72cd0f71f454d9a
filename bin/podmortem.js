#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// A podmortem run lasts seconds. With V8's default tier-up budget, analyzing a must-gather spent about a quarter of its
// CPU (0.5 s, on V8's background threads) optimizing some 160 functions that each ran only briefly; eight times the
// budget leaves that to the really hot loops, which still get optimized (npm run bench, issue 11). Set before any of
// podmortem's code is loaded, hence the dynamic import.
setFlagsFromString('--interrupt-budget=540672');
const { run } = await import('../dist/cli-bundle/main.js');

const code = await run(process.argv.slice(2));
// Interrupted: what is still in flight (a bundle half read) is for a result nobody will see; leave now.
if (code === 130) process.exit(code);
process.exitCode = code;
