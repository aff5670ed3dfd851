import { z } from 'zod';
import { StrategySchema } from './trainer-protocol.js';
/** learning.live_gate.mode: what the SelfOptimizer does with its live judgement (config/schema.ts uses it). */
export const LiveGateModeSchema = z.enum(['off', 'report', 'rollback']);
/** An adapter against the one active before it, on the goals both have met. */
export const MatchedComparisonSchema = z.object({
    predecessor: z.string(),
    /** Goals seen under both adapters: only these are compared. */
    goals: z.number(),
    records: z.number(),
    predecessor_records: z.number(),
    /** Success rates over the shared goals, each goal weighing the same, so a shift in the mix of tasks cancels. */
    success_rate: z.number(),
    predecessor_success_rate: z.number(),
    difference: z.number(),
    /** One-sided Cochran–Mantel–Haenszel test stratified by goal: z < 0 when worse; p small when significantly worse. */
    z: z.number().nullable(),
    p_worse: z.number().nullable(),
});
/** An adapter's live numbers without who it is and when: what a row or a memo already says beside them. */
export const LiveNumbersSchema = z.object({
    records: z.number(),
    successes: z.number(),
    success_rate: z.number().nullable(),
    /** 95% Wilson score interval of the success rate. */
    interval: z.tuple([z.number(), z.number()]).nullable(),
    vs_predecessor: MatchedComparisonSchema.nullable(),
    /** Why there is no comparison, when there is none. */
    note: z.string().nullable(),
});
/** One adapter's live numbers in a tick's memo. */
export const LiveSummarySchema = z.object({
    adapter: z.string(),
    records: z.number(),
    success_rate: z.number().nullable(),
    interval: z.tuple([z.number(), z.number()]).nullable(),
    vs_predecessor: MatchedComparisonSchema.pick({
        predecessor: true,
        goals: true,
        difference: true,
        p_worse: true,
    }).nullable(),
});
/** One tick's judgement of the live adapter (learning/live/live-gate.ts), kept in the SelfOptimizer's memo. */
export const LiveVerdictSchema = z.object({
    mode: LiveGateModeSchema,
    adapter: z.string(),
    verdict: z.enum([
        'off',
        'error',
        'base',
        'too_few_records',
        'no_predecessor',
        'too_few_goals',
        'not_worse',
        'worse',
    ]),
    action: z.enum(['none', 'reported', 'rolled_back', 'not_rolled_back']),
    reason: z.string(),
    /** The active adapter's live numbers (records, success rate, interval, matched comparison). */
    score: LiveNumbersSchema.nullable(),
    /** Records the live scores could not attribute (malformed `adapter`, no timestamp). */
    unattributed: z.number(),
    /** Every adapter's live numbers in brief, newest last, as `adapters list` shows them. */
    adapters: z.array(LiveSummarySchema),
    rolled_back_to: z.string().nullable(),
});
/** One SelfOptimizer tick's decision: returned, kept in the workflow's memo, shown in the Web UI. */
export const OptimizerDecisionSchema = z.object({
    triggered: z.boolean(),
    reason: z.string(),
    sample_count: z.number().nullable(),
    new_samples: z.number().nullable(),
    threshold: z.number(),
    strategy: StrategySchema,
    /** The TrainingWorkflow started (or already open), when there is one. */
    workflow_id: z.string().nullable(),
    /** The seed's scheduler metadata: the command an operator would run. */
    command: z.string(),
    dpo_pairs: z.number().nullable(),
    /** The live gate's judgement of the active adapter on the agent's outcomes (learning.live_gate), this tick. */
    live: LiveVerdictSchema.nullable(),
});
//# sourceMappingURL=optimizer-contract.js.map