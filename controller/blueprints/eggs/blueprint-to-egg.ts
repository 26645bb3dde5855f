import type { Blueprint } from '../../../contracts/index.ts';
import { configFilesToEgg } from './egg-config-files.ts';
import { eggUuidOf } from './egg-uuid.ts';
import { rulesToLaravel } from './laravel-rules.ts';
import { stopToEgg } from './stop-action.ts';

/**
 * A blueprint as a PLCN_v3-style egg, so it can travel to a panel and back. Pelican's newer
 * formats inline `config.*` as objects and list `rules`; `startup` is written beside
 * `startup_commands` for readers of either. What eggs have no field for (category, resources,
 * ports, timeouts, the startup mode, the players query, the EULA) goes under `stellarstack`, which panels ignore and our
 * import reads, so export then import gives the same blueprint.
 */
export function blueprintToEgg(blueprint: Blueprint, exportedAt: Date = new Date()): Record<string, unknown> {
  return {
    _comment: 'Exported by StellarStack',
    meta: { version: 'PLCN_v3', update_url: null },
    exported_at: exportedAt.toISOString(),
    name: blueprint.name,
    author: blueprint.source?.author || 'stellarstack@localhost',
    uuid: eggUuidOf(blueprint),
    description: blueprint.description,
    tags: [blueprint.category],
    features: blueprint.features,
    docker_images: blueprint.images,
    file_denylist: blueprint.fileDenylist,
    startup: blueprint.startup,
    startup_commands: { Default: blueprint.startup },
    config: {
      files: configFilesToEgg(blueprint.configFiles),
      startup: { done: blueprint.done },
      logs: blueprint.logs ?? {},
      stop: stopToEgg(blueprint.stop),
    },
    scripts: {
      installation: blueprint.install
        ? { script: blueprint.install.script, container: blueprint.install.image, entrypoint: blueprint.install.entrypoint }
        : { script: '', container: '', entrypoint: '' },
    },
    variables: blueprint.variables.map((variable, i) => ({
      name: variable.name,
      description: variable.description,
      env_variable: variable.env,
      default_value: variable.default,
      user_viewable: variable.userViewable,
      user_editable: variable.userEditable,
      rules: rulesToLaravel(variable.rules),
      field_type: 'text',
      sort: i + 1,
    })),
    stellarstack: {
      id: blueprint.id,
      category: blueprint.category,
      defaults: blueprint.defaults,
      ports: blueprint.ports,
      startupMode: blueprint.startupMode,
      startTimeoutSeconds: blueprint.startTimeoutSeconds,
      stopGraceSeconds: blueprint.stopGraceSeconds,
      dataPath: blueprint.dataPath,
      query: blueprint.query,
      eula: blueprint.eula,
      ...(blueprint.install ? { installTimeoutSeconds: blueprint.install.timeoutSeconds } : {}),
    },
  };
}
