import { z } from 'zod';
import { StrategyChoiceSchema, StrategySchema, ExampleFormatSchema, RunSpecSchema, } from './trainer-protocol.js';
/**
 * What a run trains with, decided once on the learning host from its config as it is when the run starts: the
 * seed's learning keys the trainer reads and every trainer setting except the GPU host's own (`device`,
 * `num_processes`, `fsdp`; its python and scratch folder are not run settings either). A base model inside the learning
 * host's project is relative to it, and each GPU host resolves it against its own project, as the seed's relative
 * paths always were.
 */
export const RunSettingsSchema = RunSpecSchema.omit({
    strategy: true,
    train_path: true,
    eval_path: true,
    adapter_dir: true,
    tokenizer_dir: true,
    checkpoints_dir: true,
    resume_from_checkpoint: true,
    compare_adapter_dir: true,
    example_format: true,
    device: true,
    num_processes: true,
    fsdp: true,
});
/**
 * What a TrainingWorkflow accepts, from the CLI, `temporal workflow start` or the Web UI.
 * Strict: an unknown field is refused by name rather than silently ignored.
 */
export const TrainingInputSchema = z.strictObject({
    strategy: StrategyChoiceSchema.optional(),
    datasetPath: z.string().min(1).optional(),
    outputDir: z.string().min(1).optional(),
    /** Train into an outputDir that already holds files (Hugging Face's overwrite_output_dir); never by default. */
    overwrite: z.boolean().default(false),
    dryRun: z.boolean().default(false),
    requireThreshold: z.boolean().default(false),
    minSamples: z.number().int().nonnegative().optional(),
    /** Who asked: `cli`, `schedule`, `ui`; recorded in metadata. */
    trigger: z.string().max(64).optional(),
    /** Resume a failed run: reuse its snapshot, converted data and last checkpoint (agi-core runs resume). */
    resumeRunDir: z.string().min(1).optional(),
    /**
     * The run settings the caller's config decides (agi-core-train sends them): the learning host refuses the run
     * when its own config decides others, instead of silently training what the caller did not ask for.
     */
    expectSettings: RunSettingsSchema.optional(),
});
/** The readiness step's decision and the snapshot every later step works on (run-plan.json on disk). */
export const RunPlanSchema = z.object({
    ready: z.boolean(),
    message: z.string().nullable(),
    datasetPath: z.string().min(1),
    /** Snapshot end: the run trains on dataset bytes [0, offset). */
    offset: z.number().int().nonnegative(),
    /** sha256 of the 4 KiB before `offset` at readiness (plans written before it existed have none). */
    snapshotTailSha256: z.string().optional(),
    sampleCount: z.number().int().nonnegative(),
    badLineCount: z.number().int().nonnegative(),
    threshold: z.number().int().nonnegative(),
    strategy: StrategySchema,
    /** Why this strategy, when `auto` chose it (metadata.json's strategy_reason). */
    strategyReason: z.string().nullable().optional(),
    /** learning.example_format when the run started (a plan written before it existed converted `summary`). */
    exampleFormat: ExampleFormatSchema.optional(),
    dryRun: z.boolean(),
    /** What the run trains with, decided at readiness (plans written before it existed: each GPU host's config). */
    settings: RunSettingsSchema.optional(),
    /** sha256 of the learning host's config file and overrides.yaml at readiness: which config decided. */
    configSha256: z.string().optional(),
    /** How conversion splits and pairs the snapshot, decided with the settings (older plans: the config's). */
    conversionSettings: z
        .object({
        evalFraction: z.number().min(0).max(1),
        evalMinRecords: z.number().int().nonnegative(),
        maxPairsPerGoal: z.number().int().positive(),
    })
        .optional(),
    /** learning.eval_suite when the run started: promotion by held-out task success instead of eval loss. */
    taskEval: z
        .object({
        suite: z.string().min(1),
        tasks: z.number().int().positive(),
        seed: z.number().int().nonnegative(),
    })
        .nullable()
        .optional(),
    runDir: z.string().min(1),
    runName: z.string().min(1),
    createdAt: z.string().min(1),
    trigger: z.string(),
    gpuTaskQueue: z.string().min(1),
    heartbeatTimeoutSeconds: z.number().int().positive(),
    /** Longest one training attempt may run once a GPU worker took it (trainer.attempt_timeout). */
    attemptTimeout: z.string().optional(),
    /** Longest a training may wait for a GPU worker to take it; null: as long as it takes (trainer.queue_timeout). */
    queueTimeout: z.string().nullable().optional(),
});
/**
 * The GPU activity's heartbeat details. A retry resumes from `checkpoint` (and keeps an OOM-adjusted `batch`);
 * the progress fields are what `agi-core-train`, `runs show` and the Web UI read from the pending activity
 * (describe), so a training's progress costs no history events.
 */
export const TrainHeartbeatSchema = z.object({
    step: z.number().int().nonnegative(),
    /** What a retry resumes from: a checkpoint folder (file://) or its key in the artifact store, once uploaded. */
    checkpoint: z.string().nullable(),
    batch: z
        .object({
        per_device_batch_size: z.number().int().positive(),
        gradient_accumulation_steps: z.number().int().positive(),
    })
        .optional(),
    total_steps: z.number().int().nonnegative().nullable().optional(),
    loss: z.number().nullable().optional(),
    eta_seconds: z.number().nullable().optional(),
    tokens_per_second: z.number().nullable().optional(),
    /** The activity attempt that sent these details (the server keeps the last attempt's until the next sends). */
    attempt: z.number().int().positive().optional(),
    /** The device this attempt trains on, and why it is not a CUDA GPU when it is not (trainer.device). */
    device: z.string().optional(),
    device_note: z.string().nullable().optional(),
    /** The step this attempt's trainer resumed from (0: from scratch), once it has said so. */
    resumed_from_step: z.number().int().nonnegative().optional(),
});
//# sourceMappingURL=training-contract.js.map