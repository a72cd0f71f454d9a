/**
 * EndpointSlices derived from Endpoints, for bundles that collected only Endpoints (most do). kubectl 1.32 and newer
 * print a Service's endpoints from its slices (`kubernetes.io/service-name=<svc>`), so without them `describe svc`
 * says `Endpoints: <none>` for a Service that had endpoints. One slice per Endpoints subset, as the mirroring
 * controller makes them, each marked as synthesized; a Service that has real slices in the bundle gets none.
 */
import type { KubeObject } from '../model/snapshot.js';
import { SYNTHESIZED_ANNOTATION } from './resources.js';
import { objs, str, type UntrustedObject } from './untrusted.js';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** An Endpoints address as a slice endpoint; `targetRef` is copied as collected, like the objects serve passes on. */
function endpoint(address: UntrustedObject, ready: boolean) {
  return {
    addresses: [str(address['ip'])],
    conditions: { ready, serving: ready, terminating: false },
    ...(address['hostname'] ? { hostname: str(address['hostname']) } : {}),
    ...(address['nodeName'] ? { nodeName: str(address['nodeName']) } : {}),
    ...(address['targetRef'] ? { targetRef: address['targetRef'] } : {}),
  };
}

export function deriveEndpointSlices(endpoints: KubeObject[], recorded: KubeObject[]): KubeObject[] {
  const covered = new Set(recorded.map((s) => `${str(s.metadata?.namespace)}/${str(s.metadata?.labels?.[SERVICE_NAME_LABEL])}`));
  const slices: KubeObject[] = [];
  for (const object of endpoints) {
    const name = str(object.metadata?.name);
    const namespace = str(object.metadata?.namespace);
    if (!name || covered.has(`${namespace}/${name}`)) continue;
    for (const [index, subset] of objs(object['subsets']).entries()) {
      const ready = objs(subset['addresses']).map((a) => endpoint(a, true));
      const notReady = objs(subset['notReadyAddresses']).map((a) => endpoint(a, false));
      const all = [...ready, ...notReady];
      if (all.length === 0) continue;
      slices.push({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: `${name}-${index}`.slice(0, 253),
          namespace,
          creationTimestamp: object.metadata?.creationTimestamp,
          labels: { [SERVICE_NAME_LABEL]: name },
          annotations: { [SYNTHESIZED_ANNOTATION]: 'derived from the Endpoints object of the same name' },
        },
        addressType: all.some((e) => e.addresses.some((address) => address.includes(':'))) ? 'IPv6' : 'IPv4',
        endpoints: all,
        ports: objs(subset['ports']).map((p) => ({ ...(p['name'] ? { name: str(p['name']) } : {}), port: p['port'], protocol: str(p['protocol']) || 'TCP' })),
      });
    }
  }
  return slices;
}
