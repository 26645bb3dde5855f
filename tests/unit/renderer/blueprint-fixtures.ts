import type { Blueprint } from '../../../contracts/api/blueprints.ts';

/** A blueprint with every field filled, changed per test through `overrides`. */
export function blueprint(overrides: Partial<Blueprint> = {}): Blueprint {
  return {
    id: 'echo-test',
    name: 'Echo (test)',
    description: 'Answers every console line',
    category: 'test',
    images: { local: 'stellar-test/busybox:latest' },
    startup: 'echo ready',
    startupMode: 'shell',
    stop: { type: 'signal', value: 'SIGTERM' },
    done: [],
    startTimeoutSeconds: 10,
    stopGraceSeconds: 5,
    ports: [{ name: 'game', port: 27015, protocol: 'udp', description: '' }],
    defaults: { memory: 64, cpu: 50, disk: 64 },
    variables: [
      { env: 'GREETING', name: 'Greeting', description: 'Printed at start', default: 'hello', userEditable: true, userViewable: true, rules: { required: true, type: 'string', max: 20 } },
    ],
    dataPath: '/home/container',
    install: null,
    configFiles: [],
    features: [],
    fileDenylist: [],
    logs: null,
    source: null,
    query: null,
    eula: null,
    builtin: false,
    ...overrides,
  };
}
