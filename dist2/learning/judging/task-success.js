import { wilsonInterval } from './statistics.js';
/** Successes of `tasks` with the 95% Wilson interval. */
export function taskScore(successes, tasks) {
    return {
        successes,
        tasks,
        success_rate: tasks ? successes / tasks : null,
        interval: wilsonInterval(successes, tasks),
    };
}
/**
 * One adapter's evaluation from its episodes. A task counted twice (a resumed rollout that wrote a line again)
 * counts once: its first line, which is what the uninterrupted run would have kept.
 */
export function evaluation(adapter, episodes) {
    const seen = new Map();
    for (const e of episodes)
        if (!seen.has(e.task_id))
            seen.set(e.task_id, e);
    const unique = [...seen.values()];
    const byDataset = new Map();
    for (const e of unique) {
        const d = byDataset.get(e.dataset) ?? { successes: 0, tasks: 0 };
        d.tasks++;
        if (e.success)
            d.successes++;
        byDataset.set(e.dataset, d);
    }
    const successes = unique.filter((e) => e.success).length;
    const summary = {
        adapter,
        ...taskScore(successes, unique.length),
        lucky: unique.filter((e) => e.success && e.lucky).length,
        by_dataset: Object.fromEntries([...byDataset.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, d]) => [name, taskScore(d.successes, d.tasks)])),
    };
    return {
        summary,
        outcomes: unique.map((e) => ({ task_id: e.task_id, dataset: e.dataset, success: e.success })),
    };
}
/** log C(n, k), exact enough for n in the tens of thousands. */
function logChoose(n, k) {
    let s = 0;
    for (let i = 1; i <= k; i++)
        s += Math.log(n - k + i) - Math.log(i);
    return s;
}
/** P(X >= k) for X ~ Binomial(n, 1/2). */
function upperTail(n, k) {
    if (k <= 0)
        return 1;
    if (k > n)
        return 0;
    let p = 0;
    for (let i = k; i <= n; i++)
        p += Math.exp(logChoose(n, i) - n * Math.LN2);
    return Math.min(1, p);
}
/**
 * Exact McNemar test of two adapters on the same tasks. Only the tasks where they disagree carry information;
 * under "equally good" each of those is a fair coin. Paired, because both saw the same tasks: far more
 * powerful than comparing two intervals (which needs 12–14 points at n = 200 before they stop overlapping).
 */
export function pairedComparison(a, b) {
    const other = new Map(b.outcomes.map((o) => [o.task_id, o.success]));
    let both = 0;
    let onlyA = 0;
    let onlyB = 0;
    let neither = 0;
    for (const o of a.outcomes) {
        const bs = other.get(o.task_id);
        if (bs === undefined)
            continue;
        if (o.success && bs)
            both++;
        else if (o.success)
            onlyA++;
        else if (bs)
            onlyB++;
        else
            neither++;
    }
    const discordant = onlyA + onlyB;
    const pBBetter = upperTail(discordant, onlyB);
    const pValue = Math.min(1, 2 * upperTail(discordant, Math.max(onlyA, onlyB)));
    return {
        a: a.summary.adapter,
        b: b.summary.adapter,
        tasks: both + onlyA + onlyB + neither,
        both,
        only_a: onlyA,
        only_b: onlyB,
        neither,
        p_value: discordant === 0 ? 1 : pValue,
        p_b_better: discordant === 0 ? 1 : pBBetter,
    };
}
/**
 * Promotion by task success: the candidate replaces the active adapter only when it is significantly better on
 * the same held-out tasks (one-sided exact McNemar below `alpha`). A tie or a gain within noise keeps the active
 * one: an adapter that is not shown better is not worth the risk of being worse.
 */
export function taskPromotion(comparison, alpha) {
    const { only_a, only_b, p_b_better } = comparison;
    const delta = comparison.tasks ? ((only_b - only_a) / comparison.tasks) * 100 : 0;
    const gain = `${delta >= 0 ? '+' : ''}${delta.toFixed(1)} points on ${comparison.tasks} held-out tasks (${only_b} won, ${only_a} lost), one-sided p = ${p_b_better.toPrecision(3)}`;
    if (p_b_better < alpha)
        return { promote: true, reason: `task success ${gain} < alpha ${alpha}` };
    return {
        promote: false,
        reason: `task success ${gain}, not below alpha ${alpha}: not significantly better`,
    };
}
//# sourceMappingURL=task-success.js.map