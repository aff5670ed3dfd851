import { z } from 'zod';
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
/** The GPU activity's heartbeat: how far the evaluation got (a retry resumes from the results file). */
export const EvalHeartbeatSchema = z.object({
    adapter: z.string(),
    done: z.number().int().nonnegative(),
    tasks: z.number().int().nonnegative(),
    successes: z.number().int().nonnegative(),
    eta_seconds: z.number().nullable(),
});
//# sourceMappingURL=eval-contract.js.map