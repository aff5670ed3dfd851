import { z } from 'zod';
/** A TrainingWorkflow's memo: where its run folder is and which GPU queue trains it, readable without a worker. */
export declare const TrainingMemoSchema: z.ZodObject<{
    run_dir: z.ZodCatch<z.ZodOptional<z.ZodString>>;
    gpu_task_queue: z.ZodCatch<z.ZodOptional<z.ZodString>>;
}, z.core.$strip>;
export type TrainingMemo = z.infer<typeof TrainingMemoSchema>;
/** A SelfOptimizer tick's memo: its decision (optimizer-contract.ts OptimizerDecisionSchema), read for display. */
export declare const TickMemoSchema: z.ZodObject<{
    decision: z.ZodCatch<z.ZodOptional<z.ZodObject<{
        reason: z.ZodCatch<z.ZodOptional<z.ZodString>>;
        live: z.ZodCatch<z.ZodOptional<z.ZodNullable<z.ZodObject<{
            mode: z.ZodEnum<{
                off: "off";
                report: "report";
                rollback: "rollback";
            }>;
            action: z.ZodEnum<{
                none: "none";
                reported: "reported";
                rolled_back: "rolled_back";
                not_rolled_back: "not_rolled_back";
            }>;
            reason: z.ZodString;
        }, z.core.$strip>>>>;
    }, z.core.$strip>>>;
}, z.core.$strip>;
export type TickMemo = z.infer<typeof TickMemoSchema>;
/** Reads a memo as Temporal's client decodes it (an object, or undefined when the workflow has none). */
export declare function readMemo<T extends z.ZodType>(schema: T, memo: unknown): z.infer<T>;
