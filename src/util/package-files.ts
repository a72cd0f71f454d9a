/**
 * Files shipped with podmortem (package.json, templates/, docs/), located from the package root. Every module that
 * reads one asks here, so that the modules still find them once the CLI is bundled (scripts/bundle-cli.mjs puts the
 * bundle in dist/cli-bundle/, two levels below the root like this module in dist/util/ or src/util/).
 */
const PACKAGE_ROOT = new URL('../../', import.meta.url);

/** The URL of `relative` (a path below the package root; a folder ends with `/`). */
export function packageFile(relative: string): URL {
  return new URL(relative, PACKAGE_ROOT);
}
