import { str } from './facts.js';

/**
 * Turns a rule's message template and data into its one-line summary. A placeholder without data is a bug in the
 * rule, so it throws: the engine records it as the rule's error and the tests catch it.
 */
export function formatMessage(template: string, data: object): string {
  // Data often ends with a quoted sentence (a log line); the summary style has no trailing period.
  return fill(template, data).replace(/\.+$/, '');
}

function fill(template: string, data: object): string {
  const values = new Map<string, unknown>(Object.entries(data));
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values.get(key);
    if (value === undefined || value === null) throw new Error(`message placeholder {${key}} has no data`);
    return Array.isArray(value) ? value.join(', ') : str(value);
  });
}

/** The placeholders a template uses, for tests that check every template against the data a rule returns. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map(([, key = '']) => key);
}
