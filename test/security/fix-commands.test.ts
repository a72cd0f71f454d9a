/**
 * Fix commands embed names from the bundle, and people paste them into a shell. This runs the whole analysis over
 * the sample bundles with the names fix commands are made of (nodes, the ConfigMaps and Secrets pods refer to) made
 * hostile (`name;pwned;#`, `name$(pwned)`, backticks, a pipe), in the objects and in event messages, and
 * parses every shell snippet the rules write with a POSIX shell-word splitter: `pwned` must never come out as a
 * command word of its own, nor inside a live command substitution.
 *
 * The rules that still fail are listed by id in the assertion message; quoting them belongs to the analysis (each
 * rule should build its commands with `shellCommand` from src/util/shell.ts).
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { readSnapshot } from '../../src/reader/index.js';
import { shellCommand } from '../../src/util/shell.js';
import { tempDir } from '../reader/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PAYLOADS = [(n: string) => `${n};pwned;#`, (n: string) => `${n}$(pwned)`, (n: string) => `${n}\`pwned\``, (n: string) => `${n}|pwned`];
/** Samples in JSON layouts (must-gather's YAML is left out: the names are the same kind of strings). */
const SAMPLES = ['shop-prod-eu', 'shop-prod-us', 'batch-oom', 'overloaded-node', 'legacy-troubleshoot', 'cluster-info-dump'];

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('podmortem-fixcmd-')));
afterAll(async () => cleanup());

interface Parsed {
  /** Words of each simple command, as the shell would pass them. */
  words: string[];
  /** Text of every command substitution the shell would run (`$(…)`, backticks) outside single quotes. */
  substitutions: string[];
}

/** A POSIX shell-word splitter: quotes, backslashes, operators and comments, enough to see what a paste would run. */
export function splitShell(code: string): Parsed {
  const words: string[] = [];
  const substitutions: string[] = [];
  let word: string | undefined;
  const end = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  let i = 0;
  const substitution = (close: string) => {
    const stop = code.indexOf(close, i);
    substitutions.push(code.slice(i, stop < 0 ? code.length : stop));
    i = stop < 0 ? code.length : stop + close.length;
  };
  while (i < code.length) {
    const c = code[i]!;
    if (c === "'") {
      const stop = code.indexOf("'", i + 1);
      word = (word ?? '') + code.slice(i + 1, stop < 0 ? code.length : stop);
      i = stop < 0 ? code.length : stop + 1;
    } else if (c === '"') {
      i++;
      let text = '';
      while (i < code.length && code[i] !== '"') {
        if (code[i] === '\\' && i + 1 < code.length) {
          text += code.charAt(i + 1);
          i += 2;
        } else if (code.startsWith('$(', i)) {
          i += 2;
          substitution(')');
        } else if (code[i] === '`') {
          i++;
          substitution('`');
        } else text += code.charAt(i++);
      }
      i++;
      word = (word ?? '') + text;
    } else if (c === '\\') {
      if (code[i + 1] !== '\n') word = (word ?? '') + (code[i + 1] ?? '');
      i += 2;
    } else if (code.startsWith('$(', i)) {
      i += 2;
      substitution(')');
      word ??= '';
    } else if (c === '`') {
      i++;
      substitution('`');
    } else if (c === '#' && word === undefined) {
      const stop = code.indexOf('\n', i);
      i = stop < 0 ? code.length : stop;
    } else if (/[\s;|&<>()]/.test(c)) {
      end();
      i++;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  end();
  return { words, substitutions };
}

/** Holders of a name that no path of the bundle repeats: a node, and the ConfigMaps and Secrets a pod refers to. */
const REFERENCE_HOLDERS = new Set(['configMapKeyRef', 'secretKeyRef', 'configMapRef', 'secretRef', 'configMap']);

/** The names fix commands are made of (nodes, ConfigMaps, Secrets), for the rename below. */
function collectNames(node: unknown, names: Set<string>, holder = ''): void {
  if (Array.isArray(node)) node.forEach((child) => collectNames(child, names, holder));
  else if (node && typeof node === 'object') {
    const object = node as Record<string, unknown>;
    const meta = object.metadata as Record<string, unknown> | undefined;
    if (object.kind === 'Node' && typeof meta?.name === 'string') names.add(meta.name);
    if (typeof object.nodeName === 'string') names.add(object.nodeName);
    if (REFERENCE_HOLDERS.has(holder) && typeof object.name === 'string') names.add(object.name);
    if (holder === 'secret' && typeof object.secretName === 'string') names.add(object.secretName);
    for (const [key, value] of Object.entries(object)) collectNames(value, names, key);
  }
}

/** Renames whole strings equal to a name, and names inside messages (`couldn't find key DB_URL in ConfigMap shop/app-cfg`). */
function renameStrings(node: unknown, hostile: Map<string, string>, inText: RegExp): unknown {
  if (typeof node === 'string') return hostile.get(node) ?? node.replace(inText, (name) => hostile.get(name) ?? name);
  if (Array.isArray(node)) return node.map((child) => renameStrings(child, hostile, inText));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, renameStrings(v, hostile, inText)]));
  return node;
}

async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

/** Extracts a sample and renames those names in it to hostile ones (no path holds them, so logs still attach). */
async function hostileCopy(sample: string): Promise<string> {
  const target = join(dir, sample);
  execFileSync('mkdir', ['-p', target]);
  execFileSync('tar', ['-xzf', join(ROOT, 'sample-bundles', `${sample}.tar.gz`), '-C', target]);
  const files = await filesUnder(target);
  const names = new Set<string>();
  const parsed = new Map<string, unknown>();
  for (const file of files.filter((f) => f.endsWith('.json'))) {
    try {
      const value = JSON.parse(await readFile(file, 'utf8'));
      parsed.set(file, value);
      collectNames(value, names);
    } catch {
      // not JSON after all: left as it is
    }
  }
  const hostile = new Map([...names].sort().map((name, i) => [name, PAYLOADS[i % PAYLOADS.length]!(name)]));
  const escaped = [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const inText = new RegExp(`(?<![A-Za-z0-9.-])(?:${escaped.join('|') || '(?!)'})(?![A-Za-z0-9.-])`, 'g');
  for (const [file, value] of parsed) await writeFile(file, JSON.stringify(renameStrings(value, hostile, inText), null, 2));
  return target;
}

describe('fix commands quote every name from the bundle', () => {
  it('the splitter sees what a shell would run', () => {
    expect(splitShell("kubectl logs 'a;pwned;#' -n x").words).toEqual(['kubectl', 'logs', 'a;pwned;#', '-n', 'x']);
    expect(splitShell('kubectl logs a;pwned;#x').words).toContain('pwned');
    expect(splitShell('kubectl logs "a$(pwned)"').substitutions).toEqual(['pwned']);
    expect(splitShell(shellCommand(['kubectl', 'cordon', 'n;pwned;#', 'm$(pwned)', 'k`pwned`', 'l\npwned']))).toEqual({
      words: ['kubectl', 'cordon', 'n;pwned;#', 'm$(pwned)', 'k`pwned`', 'l\npwned'],
      substitutions: [],
    });
  });

  it('every shell snippet of every rule keeps hostile names inert', async () => {
    const unsafe = new Map<string, string>();
    let snippetsWithNames = 0;
    for (const sample of SAMPLES) {
      const snapshot = await readSnapshot(await hostileCopy(sample));
      const report = analyze([snapshot]);
      const fixes = [
        ...report.findings.map((f) => ({ rule: f.cause, fix: f.fix })),
        ...report.escalation.checks.map((c) => ({ rule: c.kind, fix: c.fix })),
      ];
      for (const { rule, fix } of fixes) {
        if (fix.snippet?.language !== 'shell') continue;
        if (fix.snippet.code.includes("pwned")) snippetsWithNames += 1;
        if (process.env.PODMORTEM_DEBUG) console.log(rule, JSON.stringify(fix.snippet.code));
        const parsed = splitShell(fix.snippet.code);
        if (parsed.words.includes('pwned') || parsed.substitutions.some((s) => s.includes('pwned'))) {
          unsafe.set(rule, `${sample}: ${fix.snippet.code.split('\n').find((l) => l.includes('pwned')) ?? fix.snippet.code}`);
        }
      }
    }
    expect(snippetsWithNames).toBeGreaterThan(0);
    expect([...unsafe].map(([rule, line]) => `${rule} — ${line}`)).toEqual([]);
  }, 120_000);
});
