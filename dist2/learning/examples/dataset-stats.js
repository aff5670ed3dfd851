import { stat } from 'node:fs/promises';
import { readRecords } from '../dataset/jsonl-reader.js';
import { KeySet } from '../dataset/key-set.js';
import { isSuccess, normalizeGoal, recordKey } from '../dataset/record.js';
import { attemptSignatures, divergence, judgedTurns } from './trajectory.js';
/** One streaming pass: counts, successes/failures, DPO pairs available, and the bad lines with their numbers. */
export async function datasetStats(dataset, options) {
    const seen = new KeySet();
    const goals = new Map();
    const cap = options.maxPairsPerGoal;
    const stats = {
        dataset,
        valid: 0,
        unique: 0,
        duplicates: 0,
        successes: 0,
        failures: 0,
        goals: 0,
        dpo_pairs: 0,
        bad_line_count: 0,
        bad_lines: [],
        examples: { summary: { lora: 0, dpo: 0, kto: 0 }, trajectory: { lora: 0, dpo: 0, kto: 0 } },
        dropped: { trajectory: { failures: 0, identical_plan_pairs: 0 } },
        incomplete_last_line: null,
        snapshot_offset: 0,
    };
    const maxBad = options.maxBadLines ?? 1000;
    let ktoRows = 0;
    const progress = { offset: 0, nextLine: 1 };
    // One size for the read and the incomplete-line check: lines appended meanwhile are not "incomplete".
    const end = options.end ?? (await stat(dataset)).size;
    for await (const item of readRecords(dataset, { progress, end })) {
        if (item.kind === 'bad') {
            stats.bad_line_count++;
            if (stats.bad_lines.length < maxBad)
                stats.bad_lines.push({ line: item.line, offset: item.offset, reason: item.reason });
            continue;
        }
        stats.valid++;
        const key = recordKey(item.record);
        if (!seen.add(key)) {
            stats.duplicates++;
            continue;
        }
        stats.unique++;
        const win = isSuccess(item.record);
        if (win)
            stats.successes++;
        else
            stats.failures++;
        const attempt = attemptSignatures(item.record);
        ktoRows += judgedTurns(attempt.map((sig) => sig.slice(0, sig.indexOf(':'))), win).length;
        const goal = normalizeGoal(item.record.goal);
        const g = goals.get(goal) ?? { wins: 0, losses: 0, winPlans: [], lossPlans: [] };
        if (win)
            g.wins++;
        else
            g.losses++;
        const plans = win ? g.winPlans : g.lossPlans;
        // The trajectory pairs, as convertDpo enumerates them: distinct attempts in order, cap + 1 a side.
        if (plans.length <= cap) {
            const key = attempt.join(',');
            if (!plans.some((p) => p.join(',') === key))
                plans.push(attempt);
        }
        goals.set(goal, g);
    }
    stats.snapshot_offset = progress.offset;
    if (end > progress.offset)
        stats.incomplete_last_line = {
            line: progress.nextLine,
            offset: progress.offset,
            bytes: end - progress.offset,
        };
    stats.goals = goals.size;
    const trajectory = { pairs: 0, identical: 0 };
    for (const g of goals.values()) {
        stats.dpo_pairs += Math.min(g.wins * g.losses, cap);
        const t = trajectoryPairs(g, cap);
        trajectory.pairs += t.pairs;
        trajectory.identical += t.identical;
    }
    stats.examples = {
        summary: { lora: stats.unique, dpo: stats.dpo_pairs, kto: stats.unique },
        trajectory: { lora: stats.successes, dpo: trajectory.pairs, kto: ktoRows },
    };
    stats.dropped = { trajectory: { failures: stats.failures, identical_plan_pairs: trajectory.identical } };
    return stats;
}
/**
 * The pairs convertDpo writes in trajectory form for one goal (rows repeating one already written count once),
 * and those it drops because the two attempts never part at a turn of the policy.
 */
function trajectoryPairs(g, cap) {
    const rows = new Set();
    let identical = 0;
    for (const w of g.winPlans) {
        for (const l of g.lossPlans) {
            if (rows.size >= cap)
                return { pairs: rows.size, identical };
            const k = divergence(w, l);
            if (k === undefined)
                identical++;
            else
                rows.add(JSON.stringify([w.slice(0, k + 1), l[k]]));
        }
    }
    return { pairs: rows.size, identical };
}
//# sourceMappingURL=dataset-stats.js.map