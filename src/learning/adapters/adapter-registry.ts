import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { refuseNetworkFilesystem, withDirLock } from '../../shared/dir-lock.js';
import { MetadataHeadSchema, parseJsonWith } from '../../shared/stored-json.js';
import { UsageError } from '../../shared/errors.js';
import { appendLines } from '../../shared/append.js';
import {
  portablePath,
  readActiveAdapter,
  readActiveAdapterSetting,
  setActiveAdapter,
} from './overrides-file.js';

/** Why the live gate rolled an adapter back: the numbers it judged on, and the dataset size then. */
export const LiveGateRollbackSchema = z.object({
  adapter: z.string(),
  predecessor: z.string(),
  records: z.number(),
  goals: z.number(),
  success_rate: z.number(),
  predecessor_success_rate: z.number(),
  p_worse: z.number(),
  alpha: z.number(),
  /** Valid records in the dataset at the rollback: no automatic run starts until there are more. */
  sample_count: z.number().nullable(),
  note: z.string(),
});
export type LiveGateRollback = z.infer<typeof LiveGateRollbackSchema>;

export const HistoryEntrySchema = z.object({
  at: z.string(),
  /** null: the base model (a live-gate rollback past the first adapter). */
  adapter_path: z.string().nullable(),
  previous: z.string().nullable(),
  reason: z.enum(['run', 'activate', 'rollback']),
  run_name: z.string().nullable(),
  live_gate: LiveGateRollbackSchema.optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export type Registry = {
  root: string;
  overridesPath: string;
  historyPath: string;
  adapterPaths?: 'absolute' | 'relative';
};

export function registryOf(config: {
  root: string;
  adapterPaths?: 'absolute' | 'relative';
  learning: { training_overrides_path: string; adapter_history_path: string };
}): Registry {
  return {
    root: config.root,
    adapterPaths: config.adapterPaths,
    overridesPath: config.learning.training_overrides_path,
    historyPath: config.learning.adapter_history_path,
  };
}

/**
 * What makes an adapter folder safe for the agent to load: a finished run's (its metadata.json beside it), a
 * PEFT config that parses, and weights that are not empty; a dry run's placeholder counts as finished.
 * Returns the problems found; `checkAdapterDir` refuses on them.
 */
export function adapterProblems(dir: string): string[] {
  const problems: string[] = [];
  const metadata = path.join(path.dirname(dir), 'metadata.json');
  const meta = existsSync(metadata)
    ? parseJsonWith(MetadataHeadSchema, readFileSync(metadata, 'utf8'))
    : undefined;
  if (!meta) problems.push(`its run never finished (no valid ${metadata})`);
  const files = readdirSync(dir);
  if (files.includes('DRY_RUN') && !files.includes('adapter_config.json')) {
    problems.push("it is a dry run's placeholder, with no trained weights");
    return problems;
  }
  const configFile = path.join(dir, 'adapter_config.json');
  if (!files.includes('adapter_config.json'))
    problems.push('it has no adapter_config.json (not a PEFT adapter)');
  else if (!parseJsonWith(z.record(z.string(), z.unknown()), readFileSync(configFile, 'utf8')))
    problems.push(`${configFile} is not a JSON object`);
  const weights = files.filter((f) => /^adapter_model\.(safetensors|bin)$/.test(f));
  if (weights.length === 0) problems.push('it has no adapter_model.safetensors or .bin');
  else if (weights.every((f) => statSync(path.join(dir, f)).size === 0))
    problems.push('its weights file is empty');
  return problems;
}

/** Why the run behind an adapter folder failed while publishing (its metadata.json says so), else null. */
function publishFailure(dir: string): string | null {
  const metadata = path.join(path.dirname(dir), 'metadata.json');
  if (!existsSync(metadata)) return null;
  return parseJsonWith(MetadataHeadSchema, readFileSync(metadata, 'utf8'))?.publish_failed ?? null;
}

/** An adapter folder a person may activate; with `force`, returns what was not checked instead of refusing. */
export function checkAdapterDir(dir: string, force = false): string[] {
  if (!existsSync(dir))
    throw new UsageError(`adapter ${dir} does not exist: pick one from agi-core adapters list`);
  if (!statSync(dir).isDirectory())
    throw new UsageError(
      `adapter ${dir} is a file, not an adapter folder: pick a run from agi-core adapters list`,
    );
  if (readdirSync(dir).length === 0) throw new UsageError(`adapter ${dir} is empty: refusing to activate it`);
  const problems = adapterProblems(dir);
  // Loadable, so the agent and eval may use it (an operator checks it with agi-core eval before forcing it),
  // but its run did not finish: activating it is a decision --force makes.
  const failed = publishFailure(dir);
  if (failed) problems.push(`its run failed while publishing (${failed}); see agi-core runs show`);
  if (problems.length && !force) {
    throw new UsageError(
      `refusing to activate ${dir}: ${problems.join('; ')}. Activate a finished run from agi-core adapters list, or pass --force to activate it anyway`,
    );
  }
  return problems;
}

/**
 * Points overrides.yaml at `adapterDir` and records it in the history, under one lock, so racing activations
 * end at one of them with valid YAML and both in the history.
 */
export async function activateAdapter(
  reg: Registry,
  /** null: the base model, no adapter. */
  adapterDir: string | null,
  reason: HistoryEntry['reason'],
  runName: string | null,
  at: string,
  /** What was active when overrides.yaml cannot say (it was corrupt and has been set aside): from the history. */
  knownPrevious?: string | null,
): Promise<HistoryEntry> {
  await refuseNetworkFilesystem(path.dirname(reg.overridesPath), 'learning.training_overrides_path');
  return withDirLock(
    `${reg.overridesPath}.lock`,
    async () => {
      const setting =
        knownPrevious === undefined
          ? await readActiveAdapterSetting(reg.overridesPath)
          : { set: false, value: knownPrevious };
      const previous = setting.value;
      const value =
        adapterDir === null
          ? null
          : reg.adapterPaths === 'absolute'
            ? path.resolve(reg.root, adapterDir)
            : portablePath(reg.root, adapterDir);
      const entry: HistoryEntry = { at, adapter_path: value, previous, reason, run_name: runName };
      // Idempotent: a retried activity finds it done and adds no second history line. Only a key that says so
      // counts: without one, the agent falls back to the config's learning.active_adapter_path.
      if (setting.set && previous === value) return entry;
      await setActiveAdapter(reg.overridesPath, value);
      await appendLines(reg.historyPath, [JSON.stringify(entry)], 'learning.adapter_history_path');
      return entry;
    },
    { retryMs: 10 },
  );
}

/**
 * The live gate's rollback, under the same lock as every activation: it happens only if `expectedActive` (the
 * overrides value the verdict was about) is still active, so two ticks judging the same adapter roll it back
 * once. `targetDir` null rolls back to the base model. Returns the history entry, or null when it was not done.
 */
export async function rollBackIfStillActive(
  reg: Registry,
  expectedActive: string,
  targetDir: string | null,
  at: string,
  why: LiveGateRollback,
): Promise<HistoryEntry | null> {
  await refuseNetworkFilesystem(path.dirname(reg.overridesPath), 'learning.training_overrides_path');
  return withDirLock(
    `${reg.overridesPath}.lock`,
    async () => {
      const previous = await readActiveAdapter(reg.overridesPath);
      if (previous !== expectedActive) return null;
      const value =
        targetDir === null
          ? null
          : reg.adapterPaths === 'absolute'
            ? path.resolve(reg.root, targetDir)
            : portablePath(reg.root, targetDir);
      const entry: HistoryEntry = {
        at,
        adapter_path: value,
        previous,
        reason: 'rollback',
        run_name: targetDir === null ? null : path.basename(path.dirname(targetDir)),
        live_gate: why,
      };
      await setActiveAdapter(reg.overridesPath, value);
      await appendLines(reg.historyPath, [JSON.stringify(entry)], 'learning.adapter_history_path');
      return entry;
    },
    { retryMs: 10 },
  );
}

/** The activation history; a torn or foreign line (a writer killed mid-append) is skipped, never fatal. */
export async function readHistory(historyPath: string): Promise<HistoryEntry[]> {
  const text = await readFile(historyPath, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      const entry = parseJsonWith(HistoryEntrySchema, line);
      return entry ? [entry] : [];
    });
}

/** The adapter that was active before the current one, following the history backwards. */
export async function rollbackTarget(
  reg: Registry,
  /** The active adapter when overrides.yaml could not say (it was corrupt): the history's newest entry. */
  knownActive?: string | null,
): Promise<string> {
  const active = knownActive !== undefined ? knownActive : await readActiveAdapter(reg.overridesPath);
  if (!active) throw new UsageError('no adapter is active: nothing to roll back');
  const history = await readHistory(reg.historyPath);
  // Follow activations, not earlier rollbacks, so repeated rollbacks walk back instead of toggling.
  const last = history.findLast((e) => e.adapter_path === active && e.reason !== 'rollback');
  if (!last?.previous)
    throw new UsageError(`the history has no adapter before ${active}: nothing to roll back to`);
  return path.resolve(reg.root, last.previous);
}
