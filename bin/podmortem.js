#!/usr/bin/env node
// The flags first, then the bundle: both are in src/cli/bundle-loader.ts, which says why.
import { fileURLToPath } from 'node:url';
import { loadBundle, setCliV8Flags } from '../dist/cli/bundle-loader.js';

setCliV8Flags();
const { run } = loadBundle(fileURLToPath(new URL('../dist/cli-bundle/main.cjs', import.meta.url))).exports;

const code = await run(process.argv.slice(2));
// Interrupted: what is still in flight (a bundle half read) is for a result nobody will see; leave now.
if (code === 130) process.exit(code);
process.exitCode = code;
