import { DEFAULT_LOG_BUDGET, type LogBudget } from './log-budget.js';
import { UserError } from '../util/errors.js';

export const NO_REDACT_WARNING =
  'podmortem: warning: --no-redact: credentials in logs, env values and annotations are written as they are ' +
  '(ConfigMap and Secret values are still never collected). Do not attach this bundle to a ticket; ' +
  'run `podmortem redact` on it first. The manifest records that redaction was off.\n';

export function positiveInteger(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new UserError(`${flag} must be a positive whole number, not "${value}"`);
  return number;
}

export function parseBudget(head: string, tail: string, maxBytes: string): LogBudget {
  return {
    headLines: positiveInteger(head, '--log-head'),
    tailLines: positiveInteger(tail, '--log-tail'),
    maxBytes: positiveInteger(maxBytes, '--log-max-bytes'),
    maxLineBytes: DEFAULT_LOG_BUDGET.maxLineBytes,
  };
}

/** What `podmortem collect` uses unless told otherwise (here, not in collector.ts: the CLI shows them without loading it). */
export const COLLECT_DEFAULTS = {
  concurrency: 4,
  timeoutMs: 60_000,
  budget: DEFAULT_LOG_BUDGET,
} as const;
