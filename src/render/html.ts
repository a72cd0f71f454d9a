/**
 * The self-contained HTML report: one file, styles and script inline, nothing from the network, locked down by a
 * Content-Security-Policy that allows only its own inline style and script (by hash, computed here from the
 * exact text that goes into the page).
 */
import { readFileSync, readdirSync } from 'node:fs';
import type Handlebars from 'handlebars';
import type { Report } from '../model/report.js';
import type { RenderOptions } from './common.js';
import { buildView, type RuleDocs } from './html-view.js';
import { packageFile } from '../util/package-files.js';
import { requireLazily } from '../util/require-lazily.js';

const TEMPLATE_DIR = packageFile('templates/');
/** The rule pages shipped with podmortem (package.json "files" has docs/). */
const RULE_DOCS_DIR = packageFile('docs/rules/');

interface Compiled {
  page: Handlebars.TemplateDelegate;
  style: string;
  script: string;
  csp: string;
  docs: RuleDocs;
}

let compiled: Compiled | undefined;

export function render(report: Report, options: RenderOptions): string {
  const { page, style, script, csp, docs } = (compiled ??= compile());
  return page(
    { ...buildView(report, options, docs), style, script, csp },
    {
      // Only the view model's own data properties are readable from a template, never a prototype's.
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
      allowCallsToHelperMissing: false,
    },
  );
}

function readAsset(name: string): string {
  // The CSP hash is over the element's text as the browser parses it; the HTML parser turns CRLF into LF.
  return readFileSync(new URL(name, TEMPLATE_DIR), 'utf8').replace(/\r\n?/g, '\n');
}

function compile(): Compiled {
  const style = readAsset('report.css').trim();
  const script = readAsset('report.js').trim();
  if (/<\/style/i.test(style) || /<\/script/i.test(script)) throw new Error('report assets must not close their own element');

  // An isolated environment: no helper or partial registered elsewhere in the process can reach this template.
  // Loaded here, on the first HTML render: the other formats (most runs) then never pay for loading handlebars.
  const env = (requireLazily('handlebars') as typeof Handlebars).create();
  for (const file of readdirSync(TEMPLATE_DIR)) {
    const match = /^_(.+)\.hbs$/.exec(file);
    if (match?.[1]) env.registerPartial(match[1], readAsset(file));
  }
  const page = env.compile(readAsset('report.hbs'), {
    strict: true,
    knownHelpersOnly: true,
    // Partials must not indent their content: it would add spaces to every line inside <pre>.
    preventIndent: true,
  });
  return { page, style, script, csp: contentSecurityPolicy(style, script), docs: readRuleDocs() };
}

/** Every rule page by id; a missing docs folder (a trimmed install) means links to nothing rather than a failure. */
function readRuleDocs(): RuleDocs {
  const docs = new Map<string, string>();
  let files: string[];
  try {
    files = readdirSync(RULE_DOCS_DIR).sort();
  } catch {
    return docs;
  }
  for (const file of files) {
    const id = /^([a-z-]+)\.md$/.exec(file)?.[1];
    if (id && id !== 'README') docs.set(id, withoutComments(readFileSync(new URL(file, RULE_DOCS_DIR), 'utf8').replace(/\r\n?/g, '\n')).trim());
  }
  return docs;
}

/** The pages are shown as text: their HTML comments (the generated example's markers) are for editors, not readers. */
function withoutComments(markdown: string): string {
  return markdown.replace(/^<!--.*-->\n/gm, '');
}

function sha256(text: string): string {
  // Only an HTML report needs node:crypto.
  const { createHash } = requireLazily('node:crypto') as typeof import('node:crypto');
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * Everything is denied but the page's own inline style and script. No `unsafe-inline` (so injected markup could
 * not run or restyle anything even if escaping failed), no images, fonts or connections, no forms, no <base>.
 */
function contentSecurityPolicy(style: string, script: string): string {
  return [
    "default-src 'none'",
    `style-src ${sha256(style)}`,
    `script-src ${sha256(script)}`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}
