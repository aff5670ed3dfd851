import { existsSync } from 'node:fs';
import path from 'node:path';
import { adapterProblems, readHistory, rollBackIfStillActive, } from '../adapters/adapter-registry.js';
import { adapterName, BASE_MODEL } from '../adapters/attribution.js';
import { liveNumbers, liveScores } from './live-scores.js';
import { readActiveAdapter } from '../adapters/overrides-file.js';
// Memos stay small: the newest adapters are the ones a decision is about.
const MEMO_ADAPTERS = 10;
function summaries(scores) {
    return scores.slice(-MEMO_ADAPTERS).map((a) => ({
        adapter: a.adapter,
        records: a.records,
        success_rate: a.success_rate,
        interval: a.interval,
        vs_predecessor: a.vs_predecessor && {
            predecessor: a.vs_predecessor.predecessor,
            goals: a.vs_predecessor.goals,
            difference: a.vs_predecessor.difference,
            p_worse: a.vs_predecessor.p_worse,
        },
    }));
}
const pct = (x) => `${(100 * x).toFixed(0)}%`;
/**
 * Judges the active adapter on the agent's own outcomes and, in `rollback` mode, rolls a significantly worse one
 * back to its predecessor through the adapter registry (as `agi-core adapters rollback` does), recording why.
 * `sampleCount` gives the dataset's valid records now: after a rollback no automatic run starts until it grows.
 */
export async function judgeLiveAdapter(options) {
    const { gate, reg } = options;
    const activeRaw = await readActiveAdapter(reg.overridesPath);
    const adapter = adapterName(activeRaw);
    const verdict = (v, reason, extra = {}) => ({
        mode: gate.mode,
        adapter,
        verdict: v,
        action: 'none',
        reason,
        score: null,
        unattributed: 0,
        adapters: [],
        rolled_back_to: null,
        ...extra,
    });
    if (gate.mode === 'off')
        return verdict('off', 'learning.live_gate.mode is off');
    const history = await readHistory(reg.historyPath);
    const scores = await liveScores(options.datasetPath, history, activeRaw);
    const found = scores.adapters.find((a) => a.adapter === adapter);
    const score = found ? liveNumbers(found) : null;
    const extra = { score, unattributed: scores.unattributed, adapters: summaries(scores.adapters) };
    if (activeRaw === null)
        return verdict('base', 'the base model is live: there is no adapter to judge', extra);
    if (!found || found.records < gate.min_records)
        return verdict('too_few_records', `${adapter} has ${found?.records ?? 0} live record(s); the gate judges from learning.live_gate.min_records ${gate.min_records}`, extra);
    const vs = found.vs_predecessor;
    if (!vs)
        return verdict('no_predecessor', found.note ?? `${adapter} has no predecessor to compare with`, extra);
    if (vs.goals < gate.min_goals)
        return verdict('too_few_goals', `${adapter} and ${vs.predecessor} share ${vs.goals} goal(s); the gate judges from learning.live_gate.min_goals ${gate.min_goals}`, extra);
    const numbers = `${adapter} ${pct(vs.success_rate)} vs ${vs.predecessor} ${pct(vs.predecessor_success_rate)} on ${vs.goals} shared goal(s) (${vs.records} vs ${vs.predecessor_records} records)`;
    if (vs.p_worse === null || vs.p_worse >= gate.alpha) {
        const p = vs.p_worse === null ? 'no test possible' : `p_worse ${vs.p_worse.toPrecision(3)} ≥ alpha ${gate.alpha}`;
        return verdict('not_worse', `${numbers}: not significantly worse (${p})`, extra);
    }
    const worse = `${numbers}: significantly worse (p_worse ${vs.p_worse.toPrecision(3)} < alpha ${gate.alpha})`;
    if (gate.mode === 'report')
        return verdict('worse', `${worse}; learning.live_gate.mode is report, so it stays active`, {
            ...extra,
            action: 'reported',
        });
    const target = predecessorDir(vs.predecessor, history, reg, options.trainingOutputDir);
    if (target.problem)
        return verdict('worse', `${worse}; not rolled back: ${target.problem}`, {
            ...extra,
            action: 'not_rolled_back',
        });
    const note = `live gate: ${worse}`;
    const entry = await rollBackIfStillActive(reg, activeRaw, target.dir, options.now.toISOString(), {
        adapter,
        predecessor: vs.predecessor,
        records: found.records,
        goals: vs.goals,
        success_rate: vs.success_rate,
        predecessor_success_rate: vs.predecessor_success_rate,
        p_worse: vs.p_worse,
        alpha: gate.alpha,
        sample_count: await options.sampleCount(),
        note,
    });
    if (!entry)
        return verdict('worse', `${worse}; not rolled back here: the active adapter changed meanwhile`, {
            ...extra,
            action: 'none',
        });
    return verdict('worse', `${worse}; rolled back to ${vs.predecessor}`, {
        ...extra,
        action: 'rolled_back',
        rolled_back_to: vs.predecessor,
    });
}
/** The predecessor's adapter folder, or why it cannot be the rollback target (null dir: the base model). */
export function predecessorDir(name, history, reg, trainingOutputDir) {
    if (name === BASE_MODEL)
        return { dir: null };
    const recorded = history.findLast((e) => e.adapter_path !== null && adapterName(e.adapter_path) === name);
    const dir = recorded?.adapter_path
        ? path.resolve(reg.root, recorded.adapter_path)
        : path.join(trainingOutputDir, name, 'adapter');
    if (!existsSync(dir))
        return { dir, problem: `the predecessor's adapter folder ${dir} is gone` };
    const problems = adapterProblems(dir);
    if (problems.length)
        return { dir, problem: `the predecessor's adapter ${dir} is not loadable: ${problems.join('; ')}` };
    return { dir };
}
/** The newest live-gate rollback, if it is still the latest word: no automatic run until samples exceed its count. */
export function pendingRollback(history) {
    const last = history.at(-1);
    return last?.live_gate ? last : null;
}
//# sourceMappingURL=live-gate.js.map