import { z } from 'zod';
import { LiveVerdictSchema } from './optimizer-contract.js';
// Memos are stored JSON like metadata.json: read back through a schema, and a field of the wrong shape (an older
// run, a hand-edited memo) reads as absent instead of a crash in `runs list` or `schedule show`.
/** A TrainingWorkflow's memo: where its run folder is and which GPU queue trains it, readable without a worker. */
export const TrainingMemoSchema = z.object({
    run_dir: z.string().min(1).optional().catch(undefined),
    gpu_task_queue: z.string().min(1).optional().catch(undefined),
});
/** A SelfOptimizer tick's memo: its decision (optimizer-contract.ts OptimizerDecisionSchema), read for display. */
export const TickMemoSchema = z.object({
    decision: z
        .object({
        reason: z.string().optional().catch(undefined),
        live: LiveVerdictSchema.pick({ mode: true, action: true, reason: true })
            .nullable()
            .optional()
            .catch(undefined),
    })
        .optional()
        .catch(undefined),
});
/** Reads a memo as Temporal's client decodes it (an object, or undefined when the workflow has none). */
export function readMemo(schema, memo) {
    const parsed = schema.safeParse(memo ?? {});
    return parsed.success ? parsed.data : schema.parse({});
}
//# sourceMappingURL=memos.js.map