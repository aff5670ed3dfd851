import { z } from 'zod';
import type { EvalSummary, PairedComparison } from './rollout-contract.js';

/**
 * An adapter as the GPU host finds it: a folder it can read, or a key in the store; `dir` null is the base model.
 * `base_model`: the one to load it onto, as a run plan names it (a run's held-out evaluation acts with the base
 * model the run trained); absent, the GPU host's learning.training_base_model.
 */
export type EvalAdapter = { label: string; dir: string | null; key: string | null; base_model?: string };

export type EvalPlan = { gpuTaskQueue: string; heartbeatTimeoutSeconds: number; adapters: EvalAdapter[] };

/** What `agi-core eval` asks for. */
export const EvalInputSchema = z.strictObject({
  suite: z.string().regex(/^(reasoning-gym|python):\S+$/, {
    error: 'use reasoning-gym:NAME[,NAME…] or python:package.module:factory (docs/suites.md)',
  }),
  tasks: z.number().int().positive().max(100_000),
  seed: z.number().int().nonnegative(),
  /** `base`, `active` or run names; two or more are compared paired, each against the first. */
  adapters: z.array(z.string().min(1)).min(1).max(8),
});
export type EvalInput = z.infer<typeof EvalInputSchema>;

export type EvalResult = {
  suite: string;
  seed: number;
  tasks: number;
  evaluations: EvalSummary[];
  comparisons: PairedComparison[];
};

/** The GPU activity's heartbeat: how far the evaluation got (a retry resumes from the results file). */
export const EvalHeartbeatSchema = z.object({
  adapter: z.string(),
  done: z.number().int().nonnegative(),
  tasks: z.number().int().nonnegative(),
  successes: z.number().int().nonnegative(),
  eta_seconds: z.number().nullable(),
});
export type EvalHeartbeat = z.infer<typeof EvalHeartbeatSchema>;
