/**
 * The library never imports the CLI: every module under src/ outside src/cli/ is scanned for import and export
 * specifiers (static and dynamic) that resolve into src/cli/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const CLI = join(SRC, 'cli');
/** `import … from 'x'`, `export … from 'x'`, `import 'x'` and `import('x')`. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The src/cli modules a file imports (relative specifiers only; packages cannot be the CLI). */
function cliImports(file: string, text: string): string[] {
  return [...text.matchAll(SPECIFIER)]
    .map((match) => match[1] ?? '')
    .filter((specifier) => specifier.startsWith('.'))
    .filter((specifier) => {
      const target = resolve(dirname(file), specifier);
      return target === CLI || target.startsWith(CLI + sep);
    });
}

describe('layering', () => {
  it('the scan recognises every way of importing the CLI', () => {
    const file = join(SRC, 'collect', 'x.ts');
    const text = [
      "import { UserError } from '../cli/context.js';",
      "export { run } from '../cli/main.js';",
      "import '../cli/progress.js';",
      "const m = await import('../cli/commands/serve.js');",
      "import { shellQuote } from '../util/shell.js';",
      "import { x } from './cli/not-the-cli.js';",
    ].join('\n');
    expect(cliImports(file, text)).toEqual(['../cli/context.js', '../cli/main.js', '../cli/progress.js', '../cli/commands/serve.js']);
  });

  it('nothing under src/ except src/cli/ imports from src/cli/', () => {
    const files = tsFiles(SRC).filter((file) => !file.startsWith(CLI + sep));
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) => cliImports(file, readFileSync(file, 'utf8')).map((specifier) => `${relative(SRC, file)} → ${specifier}`));
    expect(offenders).toEqual([]);
  });
});
