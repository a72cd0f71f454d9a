/**
 * secretlint's recommended preset as one more source of spans: its maintained list of vendor token shapes
 * (GitHub, Slack tokens and webhooks, npm, OpenAI, Anthropic, SendGrid, Shopify, Linear, 1Password, …).
 */
import type { lintSource as LintSource } from '@secretlint/core';
import type { SecretSpan } from './rules.js';
import { requireLazily } from '../util/require-lazily.js';

const RULE_PREFIX = '@secretlint/secretlint-rule-';

type Config = Parameters<typeof LintSource>[0]['options']['config'];

/** secretlint loads on first use: `analyze` (which never redacts) then does not pay for loading it at start-up. */
let loaded: { lintSource: typeof LintSource; config: Config } | undefined;

function secretlint(): { lintSource: typeof LintSource; config: Config } {
  loaded ??= (() => {
    const { lintSource } = requireLazily('@secretlint/core') as typeof import('@secretlint/core');
    const { creator: recommendedPreset } = requireLazily('@secretlint/secretlint-rule-preset-recommend') as typeof import('@secretlint/secretlint-rule-preset-recommend');
    const { secretLintProfiler } = requireLazily('@secretlint/profiler') as typeof import('@secretlint/profiler');
    // secretlint's profiler keeps every mark of every run in a list it searches on each new mark: over thousands of
    // strings that is quadratic time and unbounded memory. podmortem never reads the profile, so nothing is marked.
    secretLintProfiler.mark = () => {};
    const config: Config = {
      rules: [
        {
          id: '@secretlint/secretlint-rule-preset-recommend',
          rule: recommendedPreset,
          // `secretlint-disable` comments are for source code; in a log line they would let the log hide a secret.
          rules: [{ id: '@secretlint/secretlint-rule-filter-comments', disabled: true }],
        },
      ],
    };
    return { lintSource, config };
  })();
  return loaded;
}

/**
 * Rules whose span is a whole URL or connection string. Where podmortem's url-password rule found the password
 * inside, that narrower span wins, so the host (often the crash evidence: a DNS failure) stays readable.
 */
export const WHOLE_URL_RULES = new Set(['basicauth', 'database-connection-string']);

export async function findSecretlintSpans(text: string): Promise<SecretSpan[]> {
  if (text.length === 0) return [];
  const { lintSource, config } = secretlint();
  const result = await lintSource({
    source: { content: text, filePath: 'bundle-entry.txt', ext: '.txt', contentType: 'text' },
    options: { config, noPhysicFilePath: true },
  });
  const spans: SecretSpan[] = [];
  for (const message of result.messages) {
    const rule = message.ruleId.startsWith(RULE_PREFIX) ? message.ruleId.slice(RULE_PREFIX.length) : message.ruleId;
    let [start, end] = message.range;
    // Some rules report a range that starts at the key name and has the secret's length (aws); the secret itself
    // is in `data`, so where a data value sits at or after the range start, that is the span to mask.
    for (const candidate of Object.values(message.data ?? {})) {
      if (typeof candidate !== 'string' || candidate.length < 8) continue;
      const at = text.indexOf(candidate, start);
      if (at >= 0 && at <= end + candidate.length) {
        start = at;
        end = at + candidate.length;
        break;
      }
    }
    if (end > start) spans.push({ start, end, rule });
  }
  return spans;
}
