import { z } from 'zod';

/**
 * Rollouts: the model acting on a task suite (`python -m agi_trainer rollout --spec FILE`). Evaluation runs
 * held-out tasks at temperature 0; the reference agent runs training tasks and appends what happened. The
 * Python side (trainer/agi_trainer/rollout*.py) reads the same spec and writes the same result lines.
 */
export const RolloutSpecSchema = z.strictObject({
  // Descriptions travel to the trainer's JSON Schema (src/trainer/json-schemas.ts) and end its error messages.
  suite: z
    .string()
    .min(1)
    .describe('reasoning-gym:NAME[,NAME…] or python:package.module:factory (docs/suites.md)'),
  split: z.enum(['train', 'heldout']),
  seed: z.number().int().nonnegative(),
  tasks: z.number().int().positive(),
  offset: z.number().int().nonnegative().default(0),
  base_model: z.string().min(1).describe("the base model's folder or hub id"),
  adapter_path: z.string().min(1).nullable().describe('a peft adapter folder; null acts with the base model'),
  device: z.enum(['auto', 'cuda', 'cpu']),
  temperature: z.number().min(0),
  max_steps: z.number().int().positive(),
  max_new_tokens: z.number().int().positive(),
  batch_size: z.number().int().positive(),
  tool_timeout_seconds: z.number().positive(),
  results_path: z
    .string()
    .min(1)
    .describe('the JSONL file episodes are appended to; episodes already in it are not run again (resume)'),
  count_lucky_as_success: z.boolean().default(false),
  attempts: z
    .number()
    .int()
    .positive()
    .default(1)
    .describe('episodes per task (above 1 needs temperature > 0): attempts that part give preference pairs'),
});
export type RolloutSpec = z.infer<typeof RolloutSpecSchema>;

/** One finished episode, as the rollout appends it to `results_path`. */
export const EpisodeResultSchema = z.looseObject({
  task_id: z.string().min(1),
  dataset: z.string(),
  /** Which attempt at the task (0 unless the spec's attempts is above 1). */
  attempt: z.number().int().nonnegative().default(0),
  /** The checker accepted the answer. */
  success: z.boolean(),
  /** Checker-accepted but not what the tools returned (or no tool ran): a lucky guess, never trained as a success. */
  lucky: z.boolean().default(false),
  failure: z.string().nullable().default(null),
  /** The episode as a dataset record (the seed's fields, plus messages and tools). */
  record: z.record(z.string(), z.unknown()).optional(),
});
export type EpisodeResult = z.infer<typeof EpisodeResultSchema>;

/** Success on one set of tasks, with its 95% Wilson interval. */
export const TaskScoreSchema = z.object({
  successes: z.number().int().nonnegative(),
  tasks: z.number().int().nonnegative(),
  success_rate: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
});
export type TaskScore = z.infer<typeof TaskScoreSchema>;

export const EvalSummarySchema = TaskScoreSchema.extend({
  /** What acted: `base`, or a run name. */
  adapter: z.string(),
  lucky: z.number().int().nonnegative(),
  by_dataset: z.record(z.string(), TaskScoreSchema),
});
export type EvalSummary = z.infer<typeof EvalSummarySchema>;

/** Two adapters on the same tasks: exact McNemar on the tasks where they disagree. */
export const PairedComparisonSchema = z.object({
  a: z.string(),
  b: z.string(),
  tasks: z.number().int().nonnegative(),
  both: z.number().int().nonnegative(),
  only_a: z.number().int().nonnegative(),
  only_b: z.number().int().nonnegative(),
  neither: z.number().int().nonnegative(),
  /** Two-sided exact p-value of "equally good". */
  p_value: z.number(),
  /** One-sided exact p-value of "b is no better than a": small means b is better. */
  p_b_better: z.number(),
});
export type PairedComparison = z.infer<typeof PairedComparisonSchema>;

/** What `evaluateAdapter` returns: the summary plus each task's outcome, for pairing. */
export type AdapterEvaluation = {
  summary: EvalSummary;
  outcomes: { task_id: string; dataset: string; success: boolean }[];
};
