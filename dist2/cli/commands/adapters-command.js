import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfigWithSources } from '../../config/load-config.js';
import { activateAdapter, checkAdapterDir, readHistory, registryOf, rollbackTarget, } from '../../learning/adapters/adapter-registry.js';
import { CorruptOverridesError, readActiveAdapter, setAsideIfCorrupt, } from '../../learning/adapters/overrides-file.js';
import { BASE_MODEL } from '../../learning/adapters/attribution.js';
import { liveNumbers, liveScores, } from '../../learning/live/live-scores.js';
import { finishedRuns } from '../../learning/adapters/run-folders.js';
import { predecessorDir } from '../../learning/live/live-gate.js';
import { printable } from '../../shared/printable.js';
import { UsageError } from '../../shared/errors.js';
import { EXIT } from '../main.js';
import { helpExit, noExtraArguments, parseFlags } from '../parse-flags.js';
import { resolveAllowedPath } from '../../config/allowed-paths.js';
export const ADAPTERS_HELP = `Usage: agi-core adapters <list|activate RUN|rollback|history> [options]

  list           runs under learning.training_output_dir with strategy, eval loss and the active one marked, and
                 how each did live: the agent's outcomes while it was active (records, success rate with its 95%
                 Wilson interval), and against its predecessor on the goals both met (goal-weighted rates and the
                 one-sided p-value that it is worse); the base model's row too
  activate RUN   make RUN's adapter active (a run name, a run folder or an adapter folder); only finished runs'
                 trained adapters (metadata.json, a valid adapter_config.json, non-empty weights; never a dry run's
                 placeholder) inside the project's folders
  activate base  go back to the base model: no adapter active
  rollback       re-activate the adapter that was active before the current one
  history        every activation, oldest first (learning.adapter_history_path)

Every change rewrites config/overrides.yaml atomically and is appended to the history.
Options: --config PATH, --json, --force (activate or roll back to an adapter that fails those checks; says which
were skipped), -h/--help`;
const FLAGS = {
    config: { type: 'string' },
    json: { type: 'boolean' },
    force: { type: 'boolean' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
};
export async function adaptersCommand(argv) {
    const { values, positionals } = parseFlags('agi-core adapters', argv, FLAGS, true);
    const [sub, target, ...extra] = positionals;
    const helped = helpExit(values.help, sub, ADAPTERS_HELP);
    if (helped !== null || !sub)
        return helped ?? EXIT.usage;
    noExtraArguments(`agi-core adapters ${sub}`, sub === 'activate' || target === undefined ? extra : [target, ...extra]);
    const repairs = sub === 'activate' || sub === 'rollback';
    const config = loadConfigWithSources(values.config, process.env, { ignoreBrokenOverrides: repairs }).config;
    const reg = registryOf(config);
    const force = values.force ?? false;
    const json = values.json ?? false;
    const now = new Date().toISOString();
    if (sub === 'list')
        return list(config, json);
    if (sub === 'history') {
        const history = await readHistory(reg.historyPath);
        process.stdout.write(json
            ? JSON.stringify(history, null, 2) + '\n'
            : history
                .map((h) => `${h.at}  ${h.reason.padEnd(8)}  ${h.adapter_path ?? 'base model'}  (was ${h.previous ?? '-'})` +
                (h.live_gate ? `  — ${h.live_gate.note}` : ''))
                .join('\n') + '\n');
        return EXIT.ok;
    }
    if (sub === 'activate') {
        if (!target)
            throw new UsageError('adapters activate needs a run name or folder (see agi-core adapters list)');
        const base = target === BASE_MODEL;
        if (base && existsSync(path.join(config.learning.training_output_dir, BASE_MODEL)))
            throw new UsageError(`"${BASE_MODEL}" names the base model, but a run folder is also called that: activate it by its path (${path.join(config.learning.training_output_dir, BASE_MODEL)})`);
        const dir = base ? null : resolveAdapter(config, target);
        if (dir)
            checked(config, dir, force);
        const aside = await repairOverrides(reg.overridesPath, now);
        // The set-aside file cannot say what was active: the history's newest entry does, so rollback still works.
        const known = aside ? ((await readHistory(reg.historyPath)).at(-1)?.adapter_path ?? null) : undefined;
        const entry = await activateAdapter(reg, dir, 'activate', dir && path.basename(path.dirname(dir)), now, known);
        process.stdout.write(json
            ? JSON.stringify(entry) + '\n'
            : entry.previous === entry.adapter_path
                ? `active adapter: ${entry.adapter_path ?? 'base model'} (already active; nothing changed)\n`
                : `active adapter: ${entry.adapter_path ?? 'base model'} (was ${entry.previous ?? 'base model'})\n`);
        return EXIT.ok;
    }
    if (sub === 'rollback') {
        const history = await readHistory(reg.historyPath);
        const corrupt = await readActiveAdapter(reg.overridesPath).then(() => false, (err) => {
            if (err instanceof CorruptOverridesError)
                return true;
            throw err;
        });
        // With the overrides unreadable, the history's newest entry is what was active.
        const dir = await rollbackTarget(reg, corrupt ? (history.at(-1)?.adapter_path ?? null) : undefined);
        checked(config, dir, force);
        const aside = await repairOverrides(reg.overridesPath, now);
        const known = aside ? (history.at(-1)?.adapter_path ?? null) : undefined;
        const entry = await activateAdapter(reg, dir, 'rollback', path.basename(path.dirname(dir)), now, known);
        process.stdout.write(json
            ? JSON.stringify(entry) + '\n'
            : `rolled back to ${entry.adapter_path ?? 'base model'} (was ${entry.previous ?? '-'})\n`);
        return EXIT.ok;
    }
    throw new UsageError(`unknown adapters command "${sub}": use list, activate, rollback or history`);
}
/** What an operator must know when overrides.yaml points the agent at an adapter that is not there. */
export function missingActiveNote(config, active) {
    return `warning: the active adapter ${active} (learning.active_adapter_path in ${config.learning.training_overrides_path}) does not exist: the agent cannot load it; activate another with agi-core adapters activate RUN, or base`;
}
/** A corrupt overrides.yaml is moved aside (nothing lost) so the activation can write a fresh one; says so. */
async function repairOverrides(file, now) {
    const aside = await setAsideIfCorrupt(file, now);
    if (aside)
        process.stderr.write(`agi-core adapters: ${file} was not a valid overrides file; moved it to ${aside} and wrote a new one\n`);
    return aside;
}
/** Refuses an adapter outside the project's folders or of an unfinished run; --force skips those checks, aloud. */
function checked(config, dir, force) {
    const skipped = [];
    try {
        resolveAllowedPath(config, dir, 'adapter');
    }
    catch (err) {
        if (!force)
            throw new UsageError(`${err.message}; or pass --force to activate it anyway`);
        skipped.push(`it lies outside the project's folders`);
    }
    skipped.push(...checkAdapterDir(dir, force));
    if (skipped.length)
        process.stderr.write(`agi-core adapters: --force: activating although ${skipped.join('; ')}\n`);
}
/** A run name, a run folder or an adapter folder, to the adapter folder. */
function resolveAdapter(config, target) {
    const asPath = path.resolve(target);
    const candidates = [
        path.join(config.learning.training_output_dir, target, 'adapter'),
        path.join(asPath, 'adapter'),
        asPath,
    ];
    return candidates.find((c) => existsSync(c)) ?? candidates[0];
}
const percent = (x) => (x === null ? '-' : `${(100 * x).toFixed(0)}%`);
/** `live 11/25 44% [27–63%]  vs r1 on 2 goals: 30% vs 60%, p_worse 0.016` */
export function liveText(score) {
    if (!score || score.records === 0)
        return 'live: no records yet';
    const [lo, hi] = score.interval;
    let text = `live ${score.successes}/${score.records} ${percent(score.success_rate)} [${percent(lo)}–${percent(hi)}]`;
    const vs = score.vs_predecessor;
    if (vs) {
        const p = vs.p_worse === null ? 'no test' : `p_worse ${vs.p_worse.toPrecision(2)}`;
        text += `  vs ${vs.predecessor} on ${vs.goals} goal(s): ${percent(vs.success_rate)} vs ${percent(vs.predecessor_success_rate)}, ${p}`;
    }
    else if (score.note)
        text += `  (${score.note})`;
    return text;
}
async function list(config, json) {
    const dir = config.learning.training_output_dir;
    const active = await readActiveAdapter(config.learning.training_overrides_path).catch(() => null);
    const activeDir = active ? path.resolve(config.root, active) : null;
    if (activeDir && !existsSync(activeDir))
        process.stderr.write(missingActiveNote(config, active) + '\n');
    const runs = await finishedRuns(dir);
    const history = await readHistory(config.learning.adapter_history_path);
    const scores = await liveScores(config.learning.dataset_path, history, active);
    const live = new Map(scores.adapters.map((a) => [a.adapter, a]));
    const reg = registryOf(config);
    // What would stop the live gate from rolling an adapter back (its predecessor's folder gone or broken).
    const blocked = new Map();
    for (const a of scores.adapters) {
        const predecessor = a.vs_predecessor?.predecessor;
        if (!predecessor)
            continue;
        const problem = predecessorDir(predecessor, history, reg, config.learning.training_output_dir).problem;
        if (problem)
            blocked.set(a.adapter, `no rollback possible: ${problem}`);
    }
    const liveOf = (name) => {
        const a = live.get(name);
        return a ? { ...liveNumbers(a), rollback_blocked: blocked.get(name) ?? null } : null;
    };
    const rows = [
        {
            run: BASE_MODEL,
            active: activeDir === null,
            strategy: null,
            dry_run: false,
            publish_failed: null,
            samples: null,
            eval_loss: null,
            created_at: null,
            adapter: null,
            live: liveOf(BASE_MODEL),
        },
    ];
    for (const { name, dir: runDir, meta } of runs) {
        const adapter = path.join(runDir, 'adapter');
        rows.push({
            run: name,
            active: adapter === activeDir,
            strategy: meta.strategy,
            dry_run: meta.dry_run,
            publish_failed: meta.publish_failed ?? null,
            samples: meta.dataset_size ?? null,
            eval_loss: meta.metrics.eval_loss_after ?? null,
            created_at: meta.created_at,
            adapter,
            live: liveOf(name),
        });
    }
    if (json)
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else {
        process.stdout.write(rows
            .map((r) => {
            const what = r.strategy === null
                ? 'base model'
                : `${r.strategy}${r.dry_run ? ' (dry run)' : ''}  samples ${r.samples}  eval_loss ${r.eval_loss?.toFixed(4) ?? '-'}`;
            const why = r.publish_failed
                ? `  (failed while publishing: ${r.publish_failed})`
                : blocked.has(r.run)
                    ? `  (${blocked.get(r.run)})`
                    : '';
            return `${r.active ? '*' : ' '} ${r.run}  ${what}  ${liveText(live.get(r.run))}${why}`;
        })
            .join('\n') + (runs.length ? '\n' : '\nno runs yet\n'));
    }
    if (scores.unattributed) {
        const first = scores.unattributed_examples[0];
        process.stderr.write(`agi-core adapters: ${scores.unattributed} record(s) could not be attributed to an adapter (e.g. line ${first.line}: ${printable(first.reason)}); they are left out of the scores\n`);
    }
    return EXIT.ok;
}
//# sourceMappingURL=adapters-command.js.map