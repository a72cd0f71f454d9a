/**
 * The questions clients ask before they read: SelfSubjectAccessReview (`kubectl auth can-i`, k9s before every list
 * and log view), SelfSubjectRulesReview (`can-i --list`) and SelfSubjectReview (`kubectl auth whoami`). A snapshot
 * can be read and never changed, so reads are allowed and every other verb is denied with the reason. Reviews arrive
 * as JSON or as protobuf (kubectl's typed clients); the answer is always JSON, which every client accepts.
 */
import { fields, message, text, unwrap, type Fields } from './protobuf.js';
import { READ_VERBS as READ_VERB_LIST, type ResourceType } from './resources.js';
import { badRequest } from './status.js';
import { field, str, type UntrustedObject } from './untrusted.js';

const READ_ONLY_REASON = 'podmortem serves a read-only snapshot';
const READ_VERBS = new Set(READ_VERB_LIST);
/** Who every client is, for `auth whoami`. */
const SNAPSHOT_USER = { username: 'podmortem:snapshot-reader', groups: ['system:authenticated'] };

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

/** A review's spec as read from protobuf; from JSON it is the body's `spec` as sent (untrusted, echoed back). */
type ReviewSpec = UntrustedObject;

const clean = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '' && v !== undefined)) as T;

function protobufSpec(raw: Buffer): ReviewSpec {
  const spec = message(fields(raw), 2);
  const attributes = (found: Fields): ResourceAttributes =>
    clean({
      namespace: text(found, 1),
      verb: text(found, 2),
      group: text(found, 3),
      version: text(found, 4),
      resource: text(found, 5),
      subresource: text(found, 6),
      name: text(found, 7),
    });
  const spec1 = spec.get(1);
  const spec2 = spec.get(2);
  return clean({
    resourceAttributes: spec1 ? attributes(message(spec, 1)) : undefined,
    nonResourceAttributes: spec2 ? clean({ path: text(message(spec, 2), 1), verb: text(message(spec, 2), 2) }) : undefined,
  });
}

/** The review's spec from a JSON or protobuf body; a body that is neither is a 400, as the apiserver answers. */
function reviewSpec(body: Buffer, contentType: string | undefined, kind: string): ReviewSpec {
  if (/protobuf/.test(contentType ?? '')) {
    const raw = unwrap(body);
    if (!raw) throw badRequest(`the ${kind} body is not a Kubernetes protobuf object`);
    // SelfSubjectRulesReviewSpec holds only the namespace, as its field 1.
    if (kind === 'SelfSubjectRulesReview') return { namespace: text(message(fields(raw), 2), 1) };
    return protobufSpec(raw);
  }
  if (body.length === 0) return {};
  try {
    const spec = field(JSON.parse(body.toString('utf8')), 'spec');
    return spec && typeof spec === 'object' ? (spec as ReviewSpec) : {};
  } catch {
    throw badRequest(`the ${kind} body is not valid JSON`);
  }
}

function decide(spec: ReviewSpec): { allowed: boolean; denied?: boolean; reason: string } {
  const verb = str(field(spec, 'resourceAttributes', 'verb') ?? field(spec, 'nonResourceAttributes', 'verb')).toLowerCase();
  if (READ_VERBS.has(verb)) return { allowed: true, reason: READ_ONLY_REASON };
  return { allowed: false, denied: true, reason: `${READ_ONLY_REASON}: ${verb || 'this verb'} is not possible` };
}

/** The answer to a POST of one of the review types. */
export function answerReview(type: ResourceType, body: Buffer, contentType: string | undefined): unknown {
  const apiVersion = `${type.group}/${type.version}`;
  const metadata = { creationTimestamp: null };
  switch (type.kind) {
    case 'SelfSubjectAccessReview': {
      const spec = reviewSpec(body, contentType, type.kind);
      return { kind: type.kind, apiVersion, metadata, spec, status: decide(spec) };
    }
    case 'SelfSubjectRulesReview': {
      const spec = reviewSpec(body, contentType, type.kind);
      return {
        kind: type.kind,
        apiVersion,
        metadata,
        spec: clean({ namespace: spec['namespace'] }),
        status: {
          resourceRules: [{ verbs: [...READ_VERBS], apiGroups: ['*'], resources: ['*'] }],
          nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['*'] }],
          incomplete: false,
        },
      };
    }
    default:
      return { kind: type.kind, apiVersion, metadata, status: { userInfo: SNAPSHOT_USER } };
  }
}
