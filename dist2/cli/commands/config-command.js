import { existsSync } from 'node:fs';
import { leafPaths, sourceOf } from '../../config/config-layers.js';
import { loadConfigWithSources } from '../../config/load-config.js';
import { UsageError } from '../../shared/errors.js';
import { EXIT } from '../main.js';
import { helpExit, noExtraArguments, parseFlags } from '../parse-flags.js';
export const CONFIG_HELP = `Usage: agi-core config show [--config PATH] [--json]

Prints the effective configuration — the package defaults, your config file, config/overrides.yaml and the
environment (TEMPORAL_*, TEMPORAL_PROFILE), each over the one before — and where each value came from.
Paths are shown resolved against the project root; secrets (api_key, inline TLS keys) are masked.`;
const FLAGS = {
    config: { type: 'string' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
};
const SECRET = /(^|\.)(api_key|client_key_data|client_cert_data)$/;
export function configCommand(argv) {
    return Promise.resolve().then(() => showConfig(argv));
}
function showConfig(argv) {
    const { values, positionals } = parseFlags('agi-core config', argv, FLAGS, true);
    const [sub, ...extra] = positionals;
    const helped = helpExit(values.help, sub, CONFIG_HELP);
    if (helped !== null || !sub)
        return helped ?? EXIT.usage;
    if (sub !== 'show')
        throw new UsageError(`unknown config command "${sub}": use show`);
    noExtraArguments('agi-core config show', extra);
    const { config, sources } = loadConfigWithSources(values.config);
    const active = config.learning.active_adapter_path;
    if (active && !existsSync(active)) {
        process.stderr.write(`warning: learning.active_adapter_path ${active} does not exist: the agent cannot load it; activate another with agi-core adapters activate RUN, or base\n`);
    }
    const rows = effectiveRows(config).map(([key, value]) => ({
        key,
        value: SECRET.test(key) && value !== null ? '***' : value,
        source: sourceOf(sources, key) ?? 'derived',
    }));
    if (values.json) {
        process.stdout.write(JSON.stringify({ config_path: config.configPath, root: config.root, values: rows }, null, 2) + '\n');
        return EXIT.ok;
    }
    const width = Math.max(...rows.map((r) => r.key.length));
    const lines = rows.map((r) => `${r.key.padEnd(width)}  ${JSON.stringify(r.value)}  # ${r.source}`);
    process.stdout.write(`# project root ${config.root}\n${lines.join('\n')}\n`);
    return EXIT.ok;
}
/** Every leaf of the effective config, in file order, with its (resolved) value. */
function effectiveRows(config) {
    const sections = {
        learning: config.learning,
        temporal: config.temporal,
        trainer: config.trainer,
        self_optimizer: config.self_optimizer,
        storage: config.storage,
    };
    return leafPaths(sections).map((key) => [
        key,
        key.split('.').reduce((at, part) => at[part], sections),
    ]);
}
//# sourceMappingURL=config-command.js.map