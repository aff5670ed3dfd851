const GOALS = [
    ['Summarise the open pull requests in the repository', 'git', 'gh_pr_list'],
    ['Find why the nightly build failed', 'ci', 'fetch_build_log'],
    ['Rotate the staging database password', 'secrets', 'vault_write'],
    ['Draft release notes for version 2.4', 'docs', 'changelog_read'],
    ['Check disk usage on the worker hosts', 'ops', 'ssh_exec'],
    ['Translate the onboarding guide to German', 'docs', 'translate'],
    ['Reproduce the flaky login test locally', 'tests', 'run_tests'],
    ['Archive issues inactive for 90 days', 'git', 'gh_issue_edit'],
];
/**
 * Deterministic, realistic execution records: plans with tool calls, outputs, verifier summaries, and
 * for every goal both successes and failures (so DPO has pairs). `bulk` pads outputs for benchmarks.
 */
export function sampleRecords(count, options = {}) {
    const out = [];
    let state = (options.seed ?? 1) >>> 0;
    const rand = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 0x1_0000_0000;
    const pad = options.bulk ? ' '.padEnd(options.bulk, 'lorem ipsum dolor sit amet ') : '';
    for (let i = 0; i < count; i++) {
        const [goal, area, tool] = GOALS[i % GOALS.length];
        const success = rand() < 0.6;
        const steps = 1 + Math.floor(rand() * 3);
        out.push({
            task_id: `task-${options.seed ?? 1}-${i}`,
            goal,
            context_summary: `Area: ${area}. Operator asked during shift ${1 + (i % 3)}.`,
            plan: Array.from({ length: steps }, (_, s) => ({
                name: `step-${s + 1}`,
                tool: s === 0 ? tool : 'shell',
                description: s === 0 ? `Gather what is needed for: ${goal.toLowerCase()}` : 'Check the result',
                args: s === 0 ? [area] : [],
                kwargs: { verbose: s > 0 },
            })),
            execution: Array.from({ length: steps }, (_, s) => {
                const failed = !success && s === steps - 1;
                return failed
                    ? {
                        success: false,
                        output: null,
                        error: `${tool} returned exit status ${1 + Math.floor(rand() * 3)}${pad}`,
                    }
                    : { success: true, output: `${tool} ok: ${Math.floor(rand() * 500)} items${pad}`, error: null };
            }),
            summary: success
                ? `Done: ${goal.toLowerCase()}. Verified the ${area} result and reported it to the operator.${pad}`
                : `Failed: ${goal.toLowerCase()}. The ${tool} step errored; retry with narrower scope.${pad}`,
            success,
            timestamp: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
        });
    }
    return out;
}
export function toJsonl(records) {
    return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
}
//# sourceMappingURL=sample-records.js.map