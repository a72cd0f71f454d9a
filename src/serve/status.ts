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

export function readOnly(method: string, what: string, details?: StatusBody['details']): StatusError {
  return status(405, 'MethodNotAllowed', `podmortem serves a read-only snapshot: ${method} ${what} is not allowed`, details);
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
