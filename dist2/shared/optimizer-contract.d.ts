import { z } from 'zod';
/** learning.live_gate.mode: what the SelfOptimizer does with its live judgement (config/schema.ts uses it). */
export declare const LiveGateModeSchema: z.ZodEnum<{
    off: "off";
    report: "report";
    rollback: "rollback";
}>;
/** An adapter against the one active before it, on the goals both have met. */
export declare const MatchedComparisonSchema: z.ZodObject<{
    predecessor: z.ZodString;
    goals: z.ZodNumber;
    records: z.ZodNumber;
    predecessor_records: z.ZodNumber;
    success_rate: z.ZodNumber;
    predecessor_success_rate: z.ZodNumber;
    difference: z.ZodNumber;
    z: z.ZodNullable<z.ZodNumber>;
    p_worse: z.ZodNullable<z.ZodNumber>;
}, z.core.$strip>;
export type MatchedComparison = z.infer<typeof MatchedComparisonSchema>;
/** An adapter's live numbers without who it is and when: what a row or a memo already says beside them. */
export declare const LiveNumbersSchema: z.ZodObject<{
    records: z.ZodNumber;
    successes: z.ZodNumber;
    success_rate: z.ZodNullable<z.ZodNumber>;
    interval: z.ZodNullable<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
    vs_predecessor: z.ZodNullable<z.ZodObject<{
        predecessor: z.ZodString;
        goals: z.ZodNumber;
        records: z.ZodNumber;
        predecessor_records: z.ZodNumber;
        success_rate: z.ZodNumber;
        predecessor_success_rate: z.ZodNumber;
        difference: z.ZodNumber;
        z: z.ZodNullable<z.ZodNumber>;
        p_worse: z.ZodNullable<z.ZodNumber>;
    }, z.core.$strip>>;
    note: z.ZodNullable<z.ZodString>;
}, z.core.$strip>;
export type LiveNumbers = z.infer<typeof LiveNumbersSchema>;
/** One adapter's live numbers in a tick's memo. */
export declare const LiveSummarySchema: z.ZodObject<{
    adapter: z.ZodString;
    records: z.ZodNumber;
    success_rate: z.ZodNullable<z.ZodNumber>;
    interval: z.ZodNullable<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
    vs_predecessor: z.ZodNullable<z.ZodObject<{
        predecessor: z.ZodString;
        goals: z.ZodNumber;
        difference: z.ZodNumber;
        p_worse: z.ZodNullable<z.ZodNumber>;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type LiveSummary = z.infer<typeof LiveSummarySchema>;
/** One tick's judgement of the live adapter (learning/live/live-gate.ts), kept in the SelfOptimizer's memo. */
export declare const LiveVerdictSchema: z.ZodObject<{
    mode: z.ZodEnum<{
        off: "off";
        report: "report";
        rollback: "rollback";
    }>;
    adapter: z.ZodString;
    verdict: z.ZodEnum<{
        error: "error";
        off: "off";
        base: "base";
        too_few_records: "too_few_records";
        no_predecessor: "no_predecessor";
        too_few_goals: "too_few_goals";
        not_worse: "not_worse";
        worse: "worse";
    }>;
    action: z.ZodEnum<{
        none: "none";
        reported: "reported";
        rolled_back: "rolled_back";
        not_rolled_back: "not_rolled_back";
    }>;
    reason: z.ZodString;
    score: z.ZodNullable<z.ZodObject<{
        records: z.ZodNumber;
        successes: z.ZodNumber;
        success_rate: z.ZodNullable<z.ZodNumber>;
        interval: z.ZodNullable<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
        vs_predecessor: z.ZodNullable<z.ZodObject<{
            predecessor: z.ZodString;
            goals: z.ZodNumber;
            records: z.ZodNumber;
            predecessor_records: z.ZodNumber;
            success_rate: z.ZodNumber;
            predecessor_success_rate: z.ZodNumber;
            difference: z.ZodNumber;
            z: z.ZodNullable<z.ZodNumber>;
            p_worse: z.ZodNullable<z.ZodNumber>;
        }, z.core.$strip>>;
        note: z.ZodNullable<z.ZodString>;
    }, z.core.$strip>>;
    unattributed: z.ZodNumber;
    adapters: z.ZodArray<z.ZodObject<{
        adapter: z.ZodString;
        records: z.ZodNumber;
        success_rate: z.ZodNullable<z.ZodNumber>;
        interval: z.ZodNullable<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
        vs_predecessor: z.ZodNullable<z.ZodObject<{
            predecessor: z.ZodString;
            goals: z.ZodNumber;
            difference: z.ZodNumber;
            p_worse: z.ZodNullable<z.ZodNumber>;
        }, z.core.$strip>>;
    }, z.core.$strip>>;
    rolled_back_to: z.ZodNullable<z.ZodString>;
}, z.core.$strip>;
export type LiveVerdict = z.infer<typeof LiveVerdictSchema>;
/** One SelfOptimizer tick's decision: returned, kept in the workflow's memo, shown in the Web UI. */
export declare const OptimizerDecisionSchema: z.ZodObject<{
    triggered: z.ZodBoolean;
    reason: z.ZodString;
    sample_count: z.ZodNullable<z.ZodNumber>;
    new_samples: z.ZodNullable<z.ZodNumber>;
    threshold: z.ZodNumber;
    strategy: z.ZodEnum<{
        lora: "lora";
        dpo: "dpo";
        kto: "kto";
    }>;
    workflow_id: z.ZodNullable<z.ZodString>;
    command: z.ZodString;
    dpo_pairs: z.ZodNullable<z.ZodNumber>;
    live: z.ZodNullable<z.ZodObject<{
        mode: z.ZodEnum<{
            off: "off";
            report: "report";
            rollback: "rollback";
        }>;
        adapter: z.ZodString;
        verdict: z.ZodEnum<{
            error: "error";
            off: "off";
            base: "base";
            too_few_records: "too_few_records";
            no_predecessor: "no_predecessor";
            too_few_goals: "too_few_goals";
            not_worse: "not_worse";
            worse: "worse";
        }>;
        action: z.ZodEnum<{
            none: "none";
            reported: "reported";
            rolled_back: "rolled_back";
            not_rolled_back: "not_rolled_back";
        }>;
        reason: z.ZodString;
        score: z.ZodNullable<z.ZodObject<{
            records: z.ZodNumber;
            successes: z.ZodNumber;
            success_rate: z.ZodNullable<z.ZodNumber>;
            interval: z.ZodNullable<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
            vs_predecessor: z.ZodNullable<z.ZodObject<{
                predecessor: z.ZodString;
                goals: z.ZodNumber;
                records: z.ZodNumber;
                predecessor_records: z.ZodNumber;
                success_rate: z.ZodNumber;
                predecessor_success_rate: z.ZodNumber;
                difference: z.ZodNumber;
                z: z.ZodNullable<z.ZodNumber>;
                p_worse: z.ZodNullable<z.ZodNumber>;
            }, z.core.$strip>>;
            note: z.ZodNullable<z.ZodString>;
        }, z.core.$strip>>;
        unattributed: z.ZodNumber;
        adapters: z.ZodArray<z.ZodObject<{
            adapter: z.ZodString;
            records: z.ZodNumber;
            success_rate: z.ZodNullable<z.ZodNumber>;
            interval: z.ZodNullable<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
            vs_predecessor: z.ZodNullable<z.ZodObject<{
                predecessor: z.ZodString;
                goals: z.ZodNumber;
                difference: z.ZodNumber;
                p_worse: z.ZodNullable<z.ZodNumber>;
            }, z.core.$strip>>;
        }, z.core.$strip>>;
        rolled_back_to: z.ZodNullable<z.ZodString>;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type OptimizerDecision = z.infer<typeof OptimizerDecisionSchema>;
/** What the tick needs to start the child: decided by the assess activity from the workers' config. */
export type OptimizerPlan = {
    decision: OptimizerDecision;
    childWorkflowId: string;
    taskQueue: string;
    dryRun: boolean;
};
