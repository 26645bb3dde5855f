import { DEFAULT_BIND_ADDRESS, DEFAULT_PORT_RANGES, type CreateNodeBody, type Node, type UpdateNodeBody } from '../../../contracts/index.ts';
import { formatPortRanges, parsePortRanges } from '../../lib/port-text.ts';
import { checkInteger, type FieldErrors } from '../../lib/validation.ts';

/** The node form as typed: numbers stay text until submit so a half-typed value is not lost. */
export interface NodeFormValues {
  name: string;
  host: string;
  consolePort: string;
  consoleTls: boolean;
  memory: string;
  disk: string;
  cpu: string;
  hostNetwork: boolean;
  bindAddress: string;
  /** As typed: "25565-25665, 27015-27115". */
  portRanges: string;
}

export const NODE_FORM_FIELDS = ['name', 'host', 'consolePort', 'consoleTls', 'memory', 'disk', 'cpu', 'hostNetwork', 'bindAddress', 'portRanges'] as const;

export const EMPTY_NODE_FORM: NodeFormValues = {
  name: '',
  host: '',
  consolePort: '5000',
  consoleTls: false,
  memory: '',
  disk: '',
  cpu: '',
  hostNetwork: false,
  bindAddress: DEFAULT_BIND_ADDRESS,
  portRanges: formatPortRanges(DEFAULT_PORT_RANGES),
};

export function nodeFormFrom(node: Node): NodeFormValues {
  return {
    name: node.name,
    host: node.host,
    consolePort: String(node.consolePort),
    consoleTls: node.consoleTls,
    memory: String(node.capacity.memory),
    disk: String(node.capacity.disk),
    cpu: String(node.capacity.cpu),
    hostNetwork: node.hostNetwork,
    bindAddress: node.bindAddress,
    portRanges: formatPortRanges(node.portRanges),
  };
}

// The API's own rule (contracts/api/nodes.ts HostnameSchema), repeated so the form can say it first.
const HOST = /^[A-Za-z0-9.:\-[\]]+$/;
// A first look only (the API checks IPv4 and IPv6 exactly): four numbers to 255, or hex groups with colons.
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const IPV6 = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/;

/**
 * What the form can tell before the round trip. `allocated` (when editing) makes a capacity
 * below what the node's servers hold an error here, with the same meaning as the API's 409.
 */
export function checkNodeForm(values: NodeFormValues, allocated?: { memory: number; disk: number; cpu: number }): FieldErrors {
  const errors: FieldErrors = {};
  const name = values.name.trim();
  if (name === '') errors.name = 'Enter a name';
  else if (name.length > 100) errors.name = 'Use at most 100 characters';
  const host = values.host.trim();
  if (host === '') errors.host = 'Enter the hostname or IP address clients use to reach the node';
  else if (host.length > 253 || !HOST.test(host)) errors.host = 'Must be a hostname or an IP address';
  const port = checkInteger(values.consolePort, { min: 1, max: 65535, label: 'a port' });
  if (port) errors.consolePort = port;
  const bind = values.bindAddress.trim();
  if (!IPV4.test(bind) && !IPV6.test(bind)) errors.bindAddress = 'Must be an IP address of this node, or 0.0.0.0 for every interface';
  const ranges = parsePortRanges(values.portRanges);
  if ('error' in ranges) errors.portRanges = ranges.error;
  const resources = [
    ['memory', 'the memory in MiB', (n: number) => `${n} MiB`],
    ['disk', 'the disk space in MiB', (n: number) => `${n} MiB`],
    ['cpu', 'the CPU share in %', (n: number) => `${n}%`],
  ] as const;
  for (const [key, label, unit] of resources) {
    const problem = checkInteger(values[key], { min: 1, label });
    if (problem) errors[key] = problem;
    else if (allocated && Number(values[key]) < allocated[key]) {
      errors[key] = `Its servers hold ${unit(allocated[key])}; offer at least that`;
    }
  }
  return errors;
}

export function createNodeBody(values: NodeFormValues): CreateNodeBody {
  return {
    name: values.name.trim(),
    host: values.host.trim(),
    consolePort: Number(values.consolePort),
    consoleTls: values.consoleTls,
    memory: Number(values.memory),
    disk: Number(values.disk),
    cpu: Number(values.cpu),
    hostNetwork: values.hostNetwork,
    bindAddress: values.bindAddress.trim(),
    portRanges: (() => {
      const parsed = parsePortRanges(values.portRanges);
      return 'ranges' in parsed ? parsed.ranges : [];
    })(),
  };
}

/** Only what changed: a PATCH that repeats the host would move the local node's endpoint for nothing. */
export function nodeChanges(node: Node, values: NodeFormValues): UpdateNodeBody {
  const wanted = createNodeBody(values);
  const current = createNodeBody(nodeFormFrom(node));
  const changes: UpdateNodeBody = {};
  for (const key of NODE_FORM_FIELDS) {
    if (JSON.stringify(wanted[key]) !== JSON.stringify(current[key])) (changes as Record<string, unknown>)[key] = wanted[key];
  }
  return changes;
}
