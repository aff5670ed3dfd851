import type { AdapterEvaluation } from './rollout-contract.js';
import { z } from 'zod';
import { type RunSpec, type Strategy, type TrainerEnvironment } from './trainer-protocol.js';
/**
 * What a run trains with, decided once on the learning host from its config as it is when the run starts: the
 * seed's learning keys the trainer reads and every trainer setting except the GPU host's own (`device`,
 * `num_processes`, `fsdp`; its python and scratch folder are not run settings either). A base model inside the learning
 * host's project is relative to it, and each GPU host resolves it against its own project, as the seed's relative
 * paths always were.
 */
export declare const RunSettingsSchema: z.ZodObject<{
    precision: z.ZodEnum<{
        auto: "auto";
        fp32: "fp32";
        bf16: "bf16";
        fp16: "fp16";
    }>;
    learning_rate: z.ZodNumber;
    lora_alpha: z.ZodNumber;
    lora_dropout: z.ZodNumber;
    target_modules: z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>;
    per_device_batch_size: z.ZodNumber;
    gradient_accumulation_steps: z.ZodNumber;
    max_seq_length: z.ZodNumber;
    packing: z.ZodBoolean;
    save_steps: z.ZodNumber;
    save_total_limit: z.ZodNumber;
    seed: z.ZodNumber;
    report_to: z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>;
    quantization: z.ZodEnum<{
        none: "none";
        "4bit": "4bit";
    }>;
    attn_implementation: z.ZodEnum<{
        sdpa: "sdpa";
        eager: "eager";
        flash_attention_2: "flash_attention_2";
        flash_attention_3: "flash_attention_3";
        "kernels-community/flash-attn": "kernels-community/flash-attn";
    }>;
    gradient_checkpointing: z.ZodBoolean;
    liger_kernel: z.ZodBoolean;
    base_model: z.ZodString;
    epochs: z.ZodNumber;
    max_steps: z.ZodNumber;
    lora_rank: z.ZodNumber;
    dpo_beta: z.ZodNumber;
}, z.core.$strict>;
export type RunSettings = z.infer<typeof RunSettingsSchema>;
/**
 * What a TrainingWorkflow accepts, from the CLI, `temporal workflow start` or the Web UI.
 * Strict: an unknown field is refused by name rather than silently ignored.
 */
export declare const TrainingInputSchema: z.ZodObject<{
    strategy: z.ZodOptional<z.ZodEnum<{
        lora: "lora";
        dpo: "dpo";
        kto: "kto";
        auto: "auto";
    }>>;
    datasetPath: z.ZodOptional<z.ZodString>;
    outputDir: z.ZodOptional<z.ZodString>;
    overwrite: z.ZodDefault<z.ZodBoolean>;
    dryRun: z.ZodDefault<z.ZodBoolean>;
    requireThreshold: z.ZodDefault<z.ZodBoolean>;
    minSamples: z.ZodOptional<z.ZodNumber>;
    trigger: z.ZodOptional<z.ZodString>;
    resumeRunDir: z.ZodOptional<z.ZodString>;
    expectSettings: z.ZodOptional<z.ZodObject<{
        precision: z.ZodEnum<{
            auto: "auto";
            fp32: "fp32";
            bf16: "bf16";
            fp16: "fp16";
        }>;
        learning_rate: z.ZodNumber;
        lora_alpha: z.ZodNumber;
        lora_dropout: z.ZodNumber;
        target_modules: z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>;
        per_device_batch_size: z.ZodNumber;
        gradient_accumulation_steps: z.ZodNumber;
        max_seq_length: z.ZodNumber;
        packing: z.ZodBoolean;
        save_steps: z.ZodNumber;
        save_total_limit: z.ZodNumber;
        seed: z.ZodNumber;
        report_to: z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>;
        quantization: z.ZodEnum<{
            none: "none";
            "4bit": "4bit";
        }>;
        attn_implementation: z.ZodEnum<{
            sdpa: "sdpa";
            eager: "eager";
            flash_attention_2: "flash_attention_2";
            flash_attention_3: "flash_attention_3";
            "kernels-community/flash-attn": "kernels-community/flash-attn";
        }>;
        gradient_checkpointing: z.ZodBoolean;
        liger_kernel: z.ZodBoolean;
        base_model: z.ZodString;
        epochs: z.ZodNumber;
        max_steps: z.ZodNumber;
        lora_rank: z.ZodNumber;
        dpo_beta: z.ZodNumber;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type TrainingInput = z.input<typeof TrainingInputSchema>;
export type ValidTrainingInput = z.output<typeof TrainingInputSchema>;
/** The readiness step's decision and the snapshot every later step works on (run-plan.json on disk). */
export declare const RunPlanSchema: z.ZodObject<{
    ready: z.ZodBoolean;
    message: z.ZodNullable<z.ZodString>;
    datasetPath: z.ZodString;
    offset: z.ZodNumber;
    snapshotTailSha256: z.ZodOptional<z.ZodString>;
    sampleCount: z.ZodNumber;
    badLineCount: z.ZodNumber;
    threshold: z.ZodNumber;
    strategy: z.ZodEnum<{
        lora: "lora";
        dpo: "dpo";
        kto: "kto";
    }>;
    strategyReason: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    exampleFormat: z.ZodOptional<z.ZodEnum<{
        summary: "summary";
        trajectory: "trajectory";
    }>>;
    dryRun: z.ZodBoolean;
    settings: z.ZodOptional<z.ZodObject<{
        precision: z.ZodEnum<{
            auto: "auto";
            fp32: "fp32";
            bf16: "bf16";
            fp16: "fp16";
        }>;
        learning_rate: z.ZodNumber;
        lora_alpha: z.ZodNumber;
        lora_dropout: z.ZodNumber;
        target_modules: z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>;
        per_device_batch_size: z.ZodNumber;
        gradient_accumulation_steps: z.ZodNumber;
        max_seq_length: z.ZodNumber;
        packing: z.ZodBoolean;
        save_steps: z.ZodNumber;
        save_total_limit: z.ZodNumber;
        seed: z.ZodNumber;
        report_to: z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>;
        quantization: z.ZodEnum<{
            none: "none";
            "4bit": "4bit";
        }>;
        attn_implementation: z.ZodEnum<{
            sdpa: "sdpa";
            eager: "eager";
            flash_attention_2: "flash_attention_2";
            flash_attention_3: "flash_attention_3";
            "kernels-community/flash-attn": "kernels-community/flash-attn";
        }>;
        gradient_checkpointing: z.ZodBoolean;
        liger_kernel: z.ZodBoolean;
        base_model: z.ZodString;
        epochs: z.ZodNumber;
        max_steps: z.ZodNumber;
        lora_rank: z.ZodNumber;
        dpo_beta: z.ZodNumber;
    }, z.core.$strict>>;
    configSha256: z.ZodOptional<z.ZodString>;
    conversionSettings: z.ZodOptional<z.ZodObject<{
        evalFraction: z.ZodNumber;
        evalMinRecords: z.ZodNumber;
        maxPairsPerGoal: z.ZodNumber;
    }, z.core.$strip>>;
    taskEval: z.ZodOptional<z.ZodNullable<z.ZodObject<{
        suite: z.ZodString;
        tasks: z.ZodNumber;
        seed: z.ZodNumber;
    }, z.core.$strip>>>;
    runDir: z.ZodString;
    runName: z.ZodString;
    createdAt: z.ZodString;
    trigger: z.ZodString;
    gpuTaskQueue: z.ZodString;
    heartbeatTimeoutSeconds: z.ZodNumber;
    attemptTimeout: z.ZodOptional<z.ZodString>;
    queueTimeout: z.ZodOptional<z.ZodNullable<z.ZodString>>;
}, z.core.$strip>;
export type RunPlan = z.infer<typeof RunPlanSchema>;
/** Where a training's outputs were uploaded, with an artifact store: the learning worker downloads them. */
export type TrainingArtifacts = {
    store: string;
    adapter: string;
    tokenizer: string;
    logs: string;
};
export type TrainingResult = {
    /** Where the adapter is on the learning worker's host (with a store: where publishing downloads it). */
    adapter_path: string;
    tokenizer_path: string;
    dry_run: boolean;
    metrics: Record<string, number | null>;
    resumed_from_step: number | null;
    steps: number;
    /** The trainer settings of the attempt that produced the adapter (OOM-adjusted batch included); paths left out. */
    run_spec?: Partial<RunSpec>;
    environment?: TrainerEnvironment | null;
    artifacts?: TrainingArtifacts | null;
};
/** The candidate's and the reference's (active adapter, or base) evaluations on the same held-out tasks. */
export type TaskEvalResults = {
    suite: string;
    tasks: number;
    seed: number;
    reference: AdapterEvaluation;
    candidate: AdapterEvaluation;
};
export type TrainingProgress = {
    stage: 'starting' | 'readiness' | 'conversion' | 'training' | 'evaluation' | 'metadata' | 'overrides' | 'done' | 'skipped' | 'failed' | 'cancelled';
    sample_count: number | null;
    train_examples: number | null;
    eval_examples: number | null;
    step: number | null;
    total_steps: number | null;
    loss: number | null;
    eta_seconds: number | null;
    run_dir: string | null;
    /** The GPU queue the training waits on while stage is training (agi-core shows whether a worker polls it). */
    gpu_task_queue?: string | null;
    /** Why the trainer is not on a CUDA GPU, when it is not (from the GPU activity's heartbeat). */
    device_note?: string | null;
};
/** What the activity signalled to its workflow while the trainer ran, before progress moved to heartbeats. */
export type TrainerProgressSignal = Pick<TrainingProgress, 'step' | 'total_steps' | 'loss' | 'eta_seconds'>;
/** The seed CLI's JSON payload, plus where things went. */
export type TrainingOutcome = {
    triggered: boolean;
    dataset_size: number;
    threshold: number;
    strategy: Strategy;
    dry_run: boolean;
    /** null when the run was skipped (--require-threshold not met), as the original CLI printed. */
    output_dir: string | null;
    message?: string;
    metadata_path?: string;
    adapter_path?: string;
    overrides_updated?: boolean;
    /** Why the adapter was (not) activated: the promotion gate's decision. */
    promotion?: string;
    bad_line_count?: number;
};
/**
 * The GPU activity's heartbeat details. A retry resumes from `checkpoint` (and keeps an OOM-adjusted `batch`);
 * the progress fields are what `agi-core-train`, `runs show` and the Web UI read from the pending activity
 * (describe), so a training's progress costs no history events.
 */
export declare const TrainHeartbeatSchema: z.ZodObject<{
    step: z.ZodNumber;
    checkpoint: z.ZodNullable<z.ZodString>;
    batch: z.ZodOptional<z.ZodObject<{
        per_device_batch_size: z.ZodNumber;
        gradient_accumulation_steps: z.ZodNumber;
    }, z.core.$strip>>;
    total_steps: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
    loss: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
    eta_seconds: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
    tokens_per_second: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
    attempt: z.ZodOptional<z.ZodNumber>;
    device: z.ZodOptional<z.ZodString>;
    device_note: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    resumed_from_step: z.ZodOptional<z.ZodNumber>;
}, z.core.$strip>;
export type TrainHeartbeat = z.infer<typeof TrainHeartbeatSchema>;
