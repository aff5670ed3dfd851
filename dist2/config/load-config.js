import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { ConfigError, errorMessage } from '../shared/errors.js';
import { nonRegularMessage, readRegularFileSync } from '../shared/regular-file.js';
import { mergeLayers, sourceOf } from './config-layers.js';
import { AGENT_LEARNING_KEYS, FileConfigSchema, LearningSchema } from './schema.js';
import { temporalEnvLayers } from './temporal-env.js';
import { expandPath } from './expand-path.js';
import { notePathOrigin } from '../shared/path-origins.js';
/**
 * sha256 of a config's files as they are on disk now: the config file and overrides.yaml (absent: nothing). A
 * worker compares it with its config's `sourceSha256` to see whether the files changed since it read them.
 */
export function configSourceSha256(configPath, overridesPath) {
    // Only regular files are read: a FIFO would block here (loading refuses those with a message of its own).
    const regular = (file) => existsSync(file) && statSync(file).isFile();
    const hash = createHash('sha256');
    if (regular(configPath))
        hash.update(readFileSync(configPath));
    if (regular(overridesPath))
        hash.update('\0').update(readFileSync(overridesPath));
    return hash.digest('hex');
}
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the config comes from when no --config is given: $AGI_CORE_CONFIG, ./config/default.yaml upwards, the package's. */
export function defaultConfigPath(cwd = process.cwd()) {
    if (process.env.AGI_CORE_CONFIG)
        return path.resolve(cwd, process.env.AGI_CORE_CONFIG);
    for (let dir = path.resolve(cwd);; dir = path.dirname(dir)) {
        const candidate = path.join(dir, 'config', 'default.yaml');
        if (existsSync(candidate))
            return candidate;
        if (path.dirname(dir) === dir)
            break;
    }
    return path.join(PACKAGE_ROOT, 'config', 'default.yaml');
}
export function projectRootOf(configPath) {
    const dir = path.dirname(configPath);
    return path.basename(dir) === 'config' ? path.dirname(dir) : dir;
}
/** The package's defaults: every key this product reads, documented. */
export const DEFAULTS_PATH = path.join(PACKAGE_ROOT, 'config', 'defaults.yaml');
/** Loads the layers, validates and resolves a config. Throws ConfigError naming key and file. */
export function loadConfig(configPath, env = process.env) {
    return loadConfigWithSources(configPath, env).config;
}
/**
 * The package's defaults ← the user's file ← overrides.yaml ← the environment, validated, with the layer
 * each value came from (for `agi-core config show` and for errors that name the file to fix).
 */
export function loadConfigWithSources(configPath, env = process.env, 
/** `adapters activate|rollback` repair a broken overrides file: they load the config without it. */
options = {}) {
    const file = path.resolve(configPath ?? defaultConfigPath());
    const defaults = readYamlObject(DEFAULTS_PATH, 'package defaults', 'reinstall agi-core');
    const user = readYamlObject(file, 'config file', 'pass --config with the path of a YAML config such as config/default.yaml');
    if (Object.keys(user).length === 0) {
        throw new ConfigError(`config file ${file} is empty: give it at least the learning: keys your agent uses (see ${DEFAULTS_PATH} for every key and its default)`);
    }
    const root = projectRootOf(file);
    const overridesRel = user.learning?.training_overrides_path ??
        defaults.learning.training_overrides_path;
    const overridesPath = path.resolve(root, typeof overridesRel === 'string'
        ? expandPath(overridesRel, 'learning.training_overrides_path', env, file)
        : 'config/overrides.yaml');
    const overrides = readOverrides(overridesPath, options.ignoreBrokenOverrides ?? false);
    const layers = [
        { source: DEFAULTS_PATH, data: defaults },
        { source: file, data: user },
        { source: overridesPath, data: overrides },
        ...temporalEnvLayers(env),
        ...storageEnvLayers(env),
    ];
    const { merged, sources } = mergeLayers(layers);
    const where = (key) => sourceOf(sources, key) ?? file;
    checkLearningKeys(merged.learning, where);
    const parsed = FileConfigSchema.safeParse(merged);
    if (!parsed.success)
        throw new ConfigError(formatIssues(parsed.error, where));
    const adapterPaths = path.isAbsolute(parsed.data.learning.training_output_dir) ? 'absolute' : 'relative';
    const config = resolvePaths({
        ...parsed.data,
        root,
        configPath: file,
        overridesPath,
        adapterPaths,
        sourceSha256: configSourceSha256(file, overridesPath),
    }, (key, p) => expandPath(p, key, env, where(key)));
    return { config, sources };
}
const OVERRIDES_FIX = 'repair it with `agi-core adapters activate RUN` (or `base`), which rewrites it and keeps the broken one beside it, or fix it by hand';
function readOverrides(file, ignoreBroken) {
    if (!existsSync(file))
        return {};
    try {
        return readYamlObject(file, 'overrides file', OVERRIDES_FIX);
    }
    catch (err) {
        if (ignoreBroken && err instanceof ConfigError)
            return {};
        throw err;
    }
}
function readYamlObject(file, what, fix) {
    if (!existsSync(file))
        throw new ConfigError(`${what} ${file} does not exist: ${fix}`);
    if (statSync(file).isDirectory())
        throw new ConfigError(`${what} ${file} is a directory: ${fix}`);
    // Never a FIFO or a device (reading a FIFO waits for a writer forever): refused before it is opened.
    const setting = what === 'overrides file' ? 'learning.training_overrides_path' : undefined;
    const text = readRegularFileSync(file, (kind) => new ConfigError(nonRegularMessage(what, file, kind, fix, setting)));
    let doc;
    try {
        doc = parseYaml(text);
    }
    catch (err) {
        // The parser's first line says where; the rest is a snippet that would break the one-line message.
        const where = errorMessage(err).split('\n')[0].replace(/:$/, '');
        throw new ConfigError(`${what} ${file} is not valid YAML (${where}): ${fix}`, { cause: err });
    }
    if (doc === null || doc === undefined)
        return {};
    if (typeof doc !== 'object' || Array.isArray(doc)) {
        throw new ConfigError(`${what} ${file} must hold a YAML mapping (key: value), found ${typeof doc}: ${fix}`);
    }
    return doc;
}
/** `learning` is shared with the agent: its keys, boolean feature flags, and ours pass; a near-miss of ours does not. */
function checkLearningKeys(learning, where) {
    if (!learning || typeof learning !== 'object')
        return;
    const ours = Object.keys(LearningSchema.shape);
    const known = new Set([...ours, ...AGENT_LEARNING_KEYS]);
    for (const [key, value] of Object.entries(learning)) {
        if (known.has(key))
            continue;
        const near = nearKey(key, ours);
        if (near || typeof value !== 'boolean') {
            const hint = near ? `did you mean learning.${near}?` : `known keys: ${ours.join(', ')}`;
            throw new ConfigError(`${where(`learning.${key}`)}: unknown key learning.${key}: ${hint}`);
        }
    }
}
export function formatIssues(error, where) {
    const lines = error.issues.map((issue) => {
        const at = issue.path.length ? issue.path.join('.') : '(top level)';
        if (issue.code === 'unrecognized_keys') {
            const keys = issue.keys.map((k) => [...issue.path, k].join('.'));
            const near = issue.keys
                .map((k) => nearKey(k, knownKeysAt(issue.path.map(String))))
                .filter((n) => n !== undefined);
            const hint = near.length ? `did you mean ${near.join(', ')}?` : 'remove it or fix the spelling';
            return `${where(keys[0])}: unknown key ${keys.join(', ')}: ${hint}`;
        }
        return `${where(at)}: ${at}: ${issue.message}`;
    });
    return lines.length === 1 ? lines[0] : `invalid configuration\n  ${lines.join('\n  ')}`;
}
function knownKeysAt(at) {
    let schema = FileConfigSchema;
    for (const part of at) {
        const shape = schema.shape;
        schema = shape?.[part];
    }
    const shape = schema?.shape;
    return shape ? Object.keys(shape) : [];
}
function nearKey(key, known) {
    return known.find((k) => editDistance(k, key) <= 2);
}
/** The variables a container sets instead of editing the shared config file. */
function storageEnvLayers(env) {
    const vars = [
        ['AGI_CORE_STORAGE_URL', 'storage', 'url'],
        ['AGI_CORE_STORAGE_ENDPOINT', 'storage', 'endpoint'],
        ['AGI_CORE_SCRATCH_DIR', 'trainer', 'scratch_dir'],
    ];
    return vars
        .filter(([name]) => env[name])
        .map(([name, section, key]) => ({ source: `env ${name}`, data: { [section]: { [key]: env[name] } } }));
}
function resolvePaths(cfg, expand) {
    const r = (key, p) => {
        const resolved = path.resolve(cfg.root, expand(key, p));
        notePathOrigin(resolved, key);
        return resolved;
    };
    const rn = (key, p) => (p === null ? null : r(key, p));
    const l = cfg.learning;
    const model = l.training_base_model.startsWith('~') || l.training_base_model.includes('$')
        ? expand('learning.training_base_model', l.training_base_model)
        : l.training_base_model;
    const learning = {
        ...l,
        dataset_path: r('learning.dataset_path', l.dataset_path),
        training_output_dir: r('learning.training_output_dir', l.training_output_dir),
        training_metadata_path: r('learning.training_metadata_path', l.training_metadata_path),
        training_overrides_path: r('learning.training_overrides_path', l.training_overrides_path),
        adapter_history_path: r('learning.adapter_history_path', l.adapter_history_path),
        active_adapter_path: rn('learning.active_adapter_path', l.active_adapter_path),
        // A base model is a hub id unless it looks like a path or names a folder of this host's project (`tiny`,
        // `models/base`): transformers would load that folder too, and a GPU host offline must not ask the hub for it.
        training_base_model: looksLikePath(model) || existsSync(path.resolve(cfg.root, model))
            ? path.resolve(cfg.root, model)
            : model,
    };
    const embedded = {
        ...cfg.temporal.embedded,
        db_dir: r('temporal.embedded.db_dir', cfg.temporal.embedded.db_dir),
    };
    const t = cfg.temporal.tls;
    const tls = {
        ...t,
        client_cert_path: rn('temporal.tls.client_cert_path', t.client_cert_path),
        client_key_path: rn('temporal.tls.client_key_path', t.client_key_path),
        server_ca_cert_path: rn('temporal.tls.server_ca_cert_path', t.server_ca_cert_path),
    };
    const trainer = {
        ...cfg.trainer,
        python: rn('trainer.python', cfg.trainer.python),
        scratch_dir: rn('trainer.scratch_dir', cfg.trainer.scratch_dir),
    };
    return { ...cfg, learning, trainer, temporal: { ...cfg.temporal, embedded, tls } };
}
export function looksLikePath(model) {
    return (model.startsWith('.') ||
        model.startsWith('/') ||
        model.startsWith('storage/') ||
        model.split('/').length > 2);
}
function editDistance(a, b) {
    const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = dp[0];
        dp[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = dp[j];
            dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = tmp;
        }
    }
    return dp[b.length];
}
//# sourceMappingURL=load-config.js.map