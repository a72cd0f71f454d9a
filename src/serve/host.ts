/**
 * The DNS-rebinding guard. A web page can make a browser send requests to 127.0.0.1 under a name the page controls
 * (the name is re-pointed after the page loads), and the browser then lets the page read the answers. Such requests
 * carry the attacker's name in `Host`. Clients that really talk to serve (kubectl, k9s, client libraries) put the
 * address from the kubeconfig there: an IP literal or `localhost`, with the served port. Anything else is refused.
 */
import type { Server } from 'node:http';
import { forbidden } from './status.js';

function hostAndPort(header: string): { host: string; port: string } | undefined {
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(header);
  if (bracketed) {
    const [, host = '', port = ''] = bracketed;
    return { host, port };
  }
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(header);
  if (!plain) return undefined;
  const [, host = '', port = ''] = plain;
  return { host: host.toLowerCase(), port };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function hostAllowed(header: string | undefined, port: number): boolean {
  if (!header) return false;
  const parsed = hostAndPort(header.trim());
  if (!parsed || parsed.port !== String(port)) return false;
  return parsed.host === 'localhost' || IPV4.test(parsed.host) || parsed.host.includes(':');
}

export function checkHost(header: string | undefined, server: Server): void {
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  if (!hostAllowed(header, port)) {
    throw forbidden(
      `podmortem serve answers only requests addressed to an IP address or localhost with port ${port}, not host ${JSON.stringify((header ?? '').slice(0, 100))} (a guard against DNS rebinding from web pages)`,
    );
  }
}
