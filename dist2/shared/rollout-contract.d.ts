import { z } from 'zod';
/**
 * Rollouts: the model acting on a task suite (`python -m agi_trainer rollout --spec FILE`). Evaluation runs
 * held-out tasks at temperature 0; the reference agent runs training tasks and appends what happened. The
 * Python side (trainer/agi_trainer/rollout*.py) reads the same spec and writes the same result lines.
 */
export declare const RolloutSpecSchema: z.ZodObject<{
    suite: z.ZodString;
    split: z.ZodEnum<{
        train: "train";
        heldout: "heldout";
    }>;
    seed: z.ZodNumber;
    tasks: z.ZodNumber;
    offset: z.ZodDefault<z.ZodNumber>;
    base_model: z.ZodString;
    adapter_path: z.ZodNullable<z.ZodString>;
    device: z.ZodEnum<{
        auto: "auto";
        cuda: "cuda";
        cpu: "cpu";
    }>;
    temperature: z.ZodNumber;
    max_steps: z.ZodNumber;
    max_new_tokens: z.ZodNumber;
    batch_size: z.ZodNumber;
    tool_timeout_seconds: z.ZodNumber;
    results_path: z.ZodString;
    count_lucky_as_success: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strict>;
export type RolloutSpec = z.infer<typeof RolloutSpecSchema>;
/** One finished episode, as the rollout appends it to `results_path`. */
export declare const EpisodeResultSchema: z.ZodObject<{
    task_id: z.ZodString;
    dataset: z.ZodString;
    success: z.ZodBoolean;
    lucky: z.ZodDefault<z.ZodBoolean>;
    failure: z.ZodDefault<z.ZodNullable<z.ZodString>>;
    record: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
}, z.core.$loose>;
export type EpisodeResult = z.infer<typeof EpisodeResultSchema>;
/** Success on one set of tasks, with its 95% Wilson interval. */
export declare const TaskScoreSchema: z.ZodObject<{
    successes: z.ZodNumber;
    tasks: z.ZodNumber;
    success_rate: z.ZodNullable<z.ZodNumber>;
    interval: z.ZodNullable<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
}, z.core.$strip>;
export type TaskScore = z.infer<typeof TaskScoreSchema>;
export declare const EvalSummarySchema: z.ZodObject<{
    successes: z.ZodNumber;
    tasks: z.ZodNumber;
    success_rate: z.ZodNullable<z.ZodNumber>;
    interval: z.ZodNullable<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
    adapter: z.ZodString;
    lucky: z.ZodNumber;
    by_dataset: z.ZodRecord<z.ZodString, z.ZodObject<{
        successes: z.ZodNumber;
        tasks: z.ZodNumber;
        success_rate: z.ZodNullable<z.ZodNumber>;
        interval: z.ZodNullable<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type EvalSummary = z.infer<typeof EvalSummarySchema>;
/** Two adapters on the same tasks: exact McNemar on the tasks where they disagree. */
export declare const PairedComparisonSchema: z.ZodObject<{
    a: z.ZodString;
    b: z.ZodString;
    tasks: z.ZodNumber;
    both: z.ZodNumber;
    only_a: z.ZodNumber;
    only_b: z.ZodNumber;
    neither: z.ZodNumber;
    p_value: z.ZodNumber;
    p_b_better: z.ZodNumber;
}, z.core.$strip>;
export type PairedComparison = z.infer<typeof PairedComparisonSchema>;
/** What `evaluateAdapter` returns: the summary plus each task's outcome, for pairing. */
export type AdapterEvaluation = {
    summary: EvalSummary;
    outcomes: {
        task_id: string;
        dataset: string;
        success: boolean;
    }[];
};
