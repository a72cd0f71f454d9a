/** printService, printConfigMap, printSecret, printEndpoints, printLimitRange, printResourceQuota, printPVC, printLease. */
import { since, parseTime, type AgeClock } from '../duration.js';
import { formatLabels } from '../label-selector.js';
import { arr, int, obj, objs, parts, str, type UntrustedObject } from '../untrusted.js';
import { AGE_COLUMN, NAME_COLUMN, col, type Cell, type Printer } from './columns.js';

function externalIP(spec: UntrustedObject, status: UntrustedObject): string {
  const externalIPs = arr(spec['externalIPs']).map(str);
  switch (spec['type']) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = objs(obj(status['loadBalancer'])['ingress'])
        .map((i) => str(i['ip']) || str(i['hostname']))
        .filter((s) => s !== '');
      const all = [...ingress, ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(spec['externalName']);
    default:
      return '<unknown>';
  }
}

function ports(spec: UntrustedObject): string {
  const pieces = objs(spec['ports'])
    .map((p) => {
      const protocol = str(p['protocol']) || 'TCP';
      return int(p['nodePort']) > 0 ? `${int(p['port'])}:${int(p['nodePort'])}/${protocol}` : `${int(p['port'])}/${protocol}`;
    });
  return pieces.length > 0 ? pieces.join(',') : '<none>';
}

export const servicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Type', 0, 'string', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 0, 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 0, 'string', 'List of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 0, 'string', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    col('Selector', 1, 'string', 'Route service traffic to pods with label keys and values matching this selector.'),
  ],
  row(service: unknown, clock: AgeClock): Cell[] {
    const { metadata, spec, status } = parts(service);
    const clusterIP = str(arr(spec['clusterIPs'])[0]) || str(spec['clusterIP']) || '<none>';
    return [
      str(metadata['name']),
      str(spec['type']),
      clusterIP,
      externalIP(spec, status),
      ports(spec),
      since(clock, metadata['creationTimestamp']),
      formatLabels(spec['selector']),
    ];
  },
};

export const configMapPrinter: Printer = {
  columns: [NAME_COLUMN, col('Data', 0, 'integer', 'Data contains the configuration data.'), AGE_COLUMN],
  row(configMap: unknown, clock: AgeClock): Cell[] {
    const { data, binaryData, metadata } = obj(configMap);
    const count = Object.keys(obj(data)).length + Object.keys(obj(binaryData)).length;
    const { name, creationTimestamp } = obj(metadata);
    return [str(name), count, since(clock, creationTimestamp)];
  },
};

export const secretPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Type', 0, 'string', 'Used to facilitate programmatic handling of secret data.'),
    col('Data', 0, 'integer', 'Data contains the secret data.'),
    AGE_COLUMN,
  ],
  row(secret: unknown, clock: AgeClock): Cell[] {
    const { metadata, type, data } = obj(secret);
    const { name, creationTimestamp } = obj(metadata);
    return [str(name), str(type), Object.keys(obj(data)).length, since(clock, creationTimestamp)];
  },
};

/** formatEndpoints: the first three `ip:port` then ` + N more...`. */
function formatEndpoints(subsets: UntrustedObject[]): string {
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const subset of subsets) {
    const addresses = objs(subset['addresses']);
    const subsetPorts = objs(subset['ports']);
    if (subsetPorts.length === 0) {
      count += addresses.length;
      for (const address of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(str(address['ip']));
      }
      continue;
    }
    for (const port of subsetPorts) {
      count += addresses.length;
      for (const address of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        const ip = str(address['ip']);
        list.push(ip.includes(':') ? `[${ip}]:${int(port['port'])}` : `${ip}:${int(port['port'])}`);
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

export const endpointsPrinter: Printer = {
  columns: [NAME_COLUMN, col('Endpoints', 0, 'string', 'Endpoints of the resource'), AGE_COLUMN],
  row(endpoints: unknown, clock: AgeClock): Cell[] {
    const { metadata, subsets } = obj(endpoints);
    const { name, creationTimestamp } = obj(metadata);
    return [str(name), formatEndpoints(objs(subsets)), since(clock, creationTimestamp)];
  },
};

export const limitRangePrinter: Printer = {
  columns: [NAME_COLUMN, { ...col('Created At', 0, 'date', 'CreationTimestamp is a timestamp representing the server time when this object was created.') }],
  row(limitRange: unknown): Cell[] {
    const { metadata } = parts(limitRange);
    const created = parseTime(metadata['creationTimestamp']);
    // time.RFC3339 in UTC: seconds precision, `Z` suffix.
    const createdAt = created === undefined ? '0001-01-01T00:00:00Z' : new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return [str(metadata['name']), createdAt];
  },
};

export const resourceQuotaPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    AGE_COLUMN,
    col('Request', 0, 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    col('Limit', 0, 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
  ],
  row(quota: unknown, clock: AgeClock): Cell[] {
    const { metadata, status } = parts(quota);
    const hard = obj(status['hard']);
    const used = obj(status['used']);
    const requests: string[] = [];
    const limits: string[] = [];
    for (const resource of Object.keys(hard).sort()) {
      const piece = `${resource}: ${str(used[resource]) || '0'}/${str(hard[resource])}`;
      (resource.split('.')[0] === 'limits' && resource.includes('.') ? limits : requests).push(piece);
    }
    return [str(metadata['name']), since(clock, metadata['creationTimestamp']), requests.join(', '), limits.join(', ')];
  },
};

export const ACCESS_MODES: Record<string, string> = {
  ReadWriteOnce: 'RWO',
  ReadOnlyMany: 'ROX',
  ReadWriteMany: 'RWX',
  ReadWriteOncePod: 'RWOP',
};

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Status', 0, 'string', 'Phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 0, 'string', 'VolumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 0, 'string', 'Capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 0, 'string', 'AccessModes contains the desired access modes the volume should have.'),
    col('StorageClass', 0, 'string', 'StorageClassName is the name of the StorageClass required by the claim.'),
    AGE_COLUMN,
    col('VolumeMode', 1, 'string', 'volumeMode defines what type of volume is required by the claim.'),
  ],
  row(claim: unknown, clock: AgeClock): Cell[] {
    const { metadata, spec, status } = parts(claim);
    const phase = metadata['deletionTimestamp'] ? 'Terminating' : str(status['phase']);
    const bound = str(spec['volumeName']) !== '';
    const modes = [...new Set(arr(status['accessModes']).map(str))].map((m) => ACCESS_MODES[m] ?? m).join(',');
    return [
      str(metadata['name']),
      phase,
      str(spec['volumeName']),
      bound ? str(obj(status['capacity'])['storage']) : '',
      bound ? modes : '',
      str(spec['storageClassName']),
      since(clock, metadata['creationTimestamp']),
      str(spec['volumeMode']) || '<unset>',
    ];
  },
};

export const leasePrinter: Printer = {
  columns: [NAME_COLUMN, col('Holder', 0, 'string', 'The holder of the lease.'), AGE_COLUMN],
  row(lease: unknown, clock: AgeClock): Cell[] {
    const { metadata, spec } = parts(lease);
    return [str(metadata['name']), str(spec['holderIdentity']), since(clock, metadata['creationTimestamp'])];
  },
};
