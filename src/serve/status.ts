/**
 * Kubernetes `Status` bodies, shaped like apimachinery's `errors.New*` so kubectl prints
 * `Error from server (<reason>): <message>` exactly as it would against a real apiserver.
 */

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; retryAfterSeconds?: number };
  code: number;
}

/** An error a handler throws to answer with a Status; anything else thrown becomes a generic 500. */
export class StatusError extends Error {
  constructor(readonly body: StatusBody) {
    super(body.message);
    this.name = 'StatusError';
  }
}

function status(code: number, reason: string, message: string, details?: StatusBody['details']): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

/** `pods "x" not found`, `deployments.apps "x" not found` (the qualified resource, as `errors.NewNotFound`). */
export function notFound(resource: string, group: string, name: string): StatusError {
  const qualified = group ? `${resource}.${group}` : resource;
  return status(404, 'NotFound', `${qualified} "${name}" not found`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });
}

export function unknownPath(): StatusError {
  return status(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function badRequest(message: string): StatusError {
  return status(400, 'BadRequest', message);
}

/** 405 with `podmortem serves a read-only snapshot: <what>`; kubectl shows it as `Error from server (MethodNotAllowed): …`. */
export function readOnly(what: string, details?: StatusBody['details']): StatusError {
  return status(405, 'MethodNotAllowed', `podmortem serves a read-only snapshot: ${what}`, details);
}

/** What exec, attach and port-forward get, whether they arrive as an upgrade or a plain request. */
export function noContainers(subresource: string, pod: string | undefined): StatusError {
  const verb = subresource === 'portforward' ? 'port-forward to' : subresource === 'proxy' ? 'proxy to' : `${subresource} into`;
  return readOnly(`${verb} ${pod ? `pod "${pod}"` : 'a pod'} is not possible, a snapshot has no running containers`, {
    kind: 'pods',
    ...(pod ? { name: pod } : {}),
  });
}

export function tooLarge(what: string): StatusError {
  return status(414, 'RequestURITooLong', `${what} is too long`);
}

export function tooManyRequests(): StatusError {
  const error = status(429, 'TooManyRequests', 'too many requests, please try again later', { retryAfterSeconds: 1 });
  return error;
}

export function internalError(): StatusError {
  return status(500, 'InternalError', 'podmortem serve: internal error while answering this request (see the server log)');
}

export function forbidden(message: string): StatusError {
  return status(403, 'Forbidden', message);
}
