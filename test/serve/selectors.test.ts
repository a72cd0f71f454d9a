/** Label and field selectors: apimachinery's grammar, matching rules and error wording. */
import { describe, expect, test } from 'vitest';
import { checkFields, matchesFields, parseFieldSelector } from '../../src/serve/field-selector.js';
import { formatLabelSelector, formatSelectorSpec, matchesLabels, parseLabelSelector, SelectorError } from '../../src/serve/label-selector.js';
import { RESOURCE_TYPES } from '../../src/serve/resources.js';

const labels = { app: 'api', tier: 'backend', 'example.com/team': 'shop', replicas: '3' };

describe('label selectors', () => {
  test.each([
    ['', true],
    ['app=api', true],
    ['app==api', true],
    ['app=web', false],
    ['app!=web', true],
    ['missing!=x', true],
    ['app in (api,web)', true],
    ['app in (web)', false],
    ['app notin (web,db)', true],
    ['missing notin (a)', true],
    ['app notin (api)', false],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['example.com/team=shop,tier=backend', true],
    ['app=api,tier=frontend', false],
    ['replicas>2', true],
    ['replicas<3', false],
    ['  app  in  ( api , web )  ,  !canary ', true],
    ['app in ()', false],
    ['app=', false],
  ])('%j matches: %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  test.each([
    ['app in api', "found 'api', expected: '('"],
    ['app in (a', "found 'end of string', expected: ',' or ')'"],
    ['=x', "found '=', expected: !, identifier, or 'end of string'"],
    ['app=a b', "found 'b', expected: ',' or 'end of string'"],
    ['a/../b=c', 'invalid label key'],
    ['app=' + 'x'.repeat(64), 'invalid label value'],
    ['replicas>abc', "for 'Gt', 'Lt' operators, the value must be an integer"],
  ])('%j is rejected: %s', (selector, message) => {
    expect(() => parseLabelSelector(selector)).toThrow(SelectorError);
    expect(() => parseLabelSelector(selector)).toThrow(message);
  });

  test('a huge selector is parsed in linear time', () => {
    const selector = Array.from({ length: 5000 }, (_, i) => `k${i} notin (a,b,c)`).join(',');
    const start = performance.now();
    expect(parseLabelSelector(selector)).toHaveLength(5000);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  test('selectors from workload specs format as LabelSelectorAsSelector does', () => {
    const spec = { matchLabels: { tier: 'x', app: 'api' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    expect(formatSelectorSpec(spec)).toBe('app=api,!canary,env in (dev,prod),tier=x');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] })).toBe('<error>');
  });
});

describe('field selectors', () => {
  const pods = RESOURCE_TYPES.find((t) => t.name === 'pods')!;
  const events = RESOURCE_TYPES.find((t) => t.name === 'events')!;
  const pod = { metadata: { name: 'p', namespace: 'shop' }, spec: { nodeName: 'node-1' }, status: { phase: 'Running' } };
  const event = { metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Node', name: 'n' }, reportingController: 'kubelet', type: 'Normal' };

  test.each([
    ['spec.nodeName=node-1,status.phase!=Succeeded,status.phase!=Failed', true],
    ['spec.nodeName==node-2', false],
    ['metadata.namespace=shop,metadata.name=p', true],
    ['spec.host=node-1', true],
    ['status.podIP=', true],
  ])('pods %j: %s', (selector, expected) => {
    const parsed = parseFieldSelector(selector);
    checkFields(parsed, pods.fields);
    expect(matchesFields(parsed, pods.fields, pod)).toBe(expected);
  });

  test('events: a missing namespace compares as "", and source falls back to reportingController', () => {
    const parsed = parseFieldSelector('involvedObject.namespace=,involvedObject.kind=Node,source=kubelet,type=Normal');
    checkFields(parsed, events.fields);
    expect(matchesFields(parsed, events.fields, event)).toBe(true);
  });

  test('escaped commas and equals signs belong to the value', () => {
    expect(parseFieldSelector('reason=a\\,b\\=c')).toEqual([{ field: 'reason', equals: true, value: 'a,b=c' }]);
  });

  test('errors: unknown field label, missing operator, bad escape', () => {
    expect(() => checkFields(parseFieldSelector('spec.foo=bar'), pods.fields)).toThrow('field label not supported: spec.foo');
    expect(() => checkFields(parseFieldSelector('reason=x'), pods.fields)).toThrow('field label not supported: reason');
    expect(() => parseFieldSelector('nonsense')).toThrow("invalid selector: 'nonsense'; can't understand 'nonsense'");
    expect(() => parseFieldSelector('a=b\\x')).toThrow('invalid escape sequence');
  });
});
