import { adapterName, BASE_MODEL, timelineOf } from '../adapters/attribution.js';
import { emptyTally, liveTallies } from './live-scores-cache.js';
import { cmhWorseTest, wilsonInterval } from '../judging/statistics.js';
export function liveNumbers(score) {
    const { records, successes, success_rate, interval, vs_predecessor, note } = score;
    return { records, successes, success_rate, interval, vs_predecessor, note };
}
/**
 * Scores every adapter by the outcomes the agent logged while it was live: records stamped with it, or else
 * whose timestamp falls in its time as the active adapter. Constant memory per goal; the counts are cached beside
 * the dataset (live-scores-cache.ts), so a call reads only the records appended since the last one. `useCache:
 * false` reads the whole dataset and leaves the cache alone: the same result, slower.
 */
export async function liveScores(datasetPath, history, activePath, options = {}) {
    const counted = await liveTallies(datasetPath, timelineOf(history), options);
    const { tallies } = counted;
    const out = {
        adapters: [],
        attributed: counted.attributed,
        unattributed: counted.unattributed,
        unattributed_examples: counted.unattributed_examples,
        bad_lines: counted.bad_lines,
    };
    const activeName = activePath === null ? BASE_MODEL : adapterName(activePath);
    for (const name of order(history, tallies, activeName)) {
        const tally = tallies.get(name) ?? emptyTally();
        const last = history.findLast((e) => nameOf(e) === name);
        const predecessor = predecessorOf(name, history);
        const score = {
            adapter: name,
            active: name === activeName,
            activated_at: last?.at ?? null,
            records: tally.records,
            successes: tally.successes,
            success_rate: tally.records ? tally.successes / tally.records : null,
            interval: wilsonInterval(tally.successes, tally.records),
            vs_predecessor: null,
            note: null,
        };
        if (predecessor === null)
            score.note = name === BASE_MODEL ? null : 'no predecessor in the adapter history';
        else {
            const before = tallies.get(predecessor);
            score.vs_predecessor = before ? matched(predecessor, tally, before) : null;
            if (!score.vs_predecessor)
                score.note = `no goal seen under both ${name} and its predecessor ${predecessor} yet`;
        }
        out.adapters.push(score);
    }
    return out;
}
/** An activation's adapter by the name records are stamped with (its folder, not the history's run_name). */
function nameOf(e) {
    return adapterName(e.adapter_path);
}
/** The adapter live before `name` first replaced it: the `previous` of its newest activation that was not a rollback. */
export function predecessorOf(name, history) {
    if (name === BASE_MODEL)
        return null;
    const entry = history.findLast((e) => nameOf(e) === name && e.reason !== 'rollback') ??
        history.findLast((e) => nameOf(e) === name);
    return entry ? adapterName(entry.previous) : null;
}
function matched(predecessor, now, before) {
    const strata = [];
    let rate = 0;
    let beforeRate = 0;
    let records = 0;
    let beforeRecords = 0;
    for (const [goal, g] of now.goals) {
        const b = before.goals.get(goal);
        if (!b)
            continue;
        strata.push({ newSuccesses: g.s, newTrials: g.n, oldSuccesses: b.s, oldTrials: b.n });
        rate += g.s / g.n;
        beforeRate += b.s / b.n;
        records += g.n;
        beforeRecords += b.n;
    }
    if (!strata.length)
        return null;
    const test = cmhWorseTest(strata);
    return {
        predecessor,
        goals: strata.length,
        records,
        predecessor_records: beforeRecords,
        success_rate: rate / strata.length,
        predecessor_success_rate: beforeRate / strata.length,
        difference: (rate - beforeRate) / strata.length,
        z: test.z,
        p_worse: test.pWorse,
    };
}
/** Base first, then adapters in order of first activation, then any only the records name; the active one always. */
function order(history, tallies, active) {
    const names = [BASE_MODEL];
    const add = (n) => {
        if (!names.includes(n))
            names.push(n);
    };
    for (const e of history) {
        if (e.previous)
            add(adapterName(e.previous));
        add(nameOf(e));
    }
    add(active);
    for (const n of [...tallies.keys()].sort())
        add(n);
    return names;
}
//# sourceMappingURL=live-scores.js.map