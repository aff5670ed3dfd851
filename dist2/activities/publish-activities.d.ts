import type { Config } from '../config/load-config.js';
import type { ConversionResult } from '../learning/examples/convert.js';
import type { RunPlan, TaskEvalResults, TrainingArtifacts, TrainingResult } from '../shared/training-contract.js';
import { type RunStorage } from './run-storage.js';
export type RunMetadata = ReturnType<typeof buildMetadata>;
declare function buildMetadata(config: Config, plan: RunPlan, conversion: ConversionResult, training: TrainingResult): {
    run_name: string;
    created_at: string;
    trigger: string;
    strategy: "lora" | "dpo" | "kto";
    strategy_reason: string | null;
    example_format: "summary" | "trajectory";
    examples_dropped: {
        failures: number;
        identical_plan_pairs: number;
    };
    dry_run: boolean;
    base_model: string;
    dataset_path: string;
    dataset_size: number;
    sample_count: number;
    threshold: number;
    snapshot: {
        offset: number;
        sha256: string;
        records: number;
        duplicates: number;
    };
    bad_line_count: number;
    bad_lines: import("../learning/examples/convert.js").BadLine[];
    train_examples: number;
    eval_examples: number;
    eval_note: string | null;
    output_dir: string;
    data_dir: string;
    adapter_path: string;
    tokenizer_path: string;
    hyperparameters: Partial<{
        lora_alpha: number;
        lora_dropout: number;
        target_modules: string | string[];
        per_device_batch_size: number;
        gradient_accumulation_steps: number;
        max_seq_length: number;
        packing: boolean;
        save_steps: number;
        save_total_limit: number;
        seed: number;
        device: "auto" | "cuda" | "cpu";
        report_to: string | string[];
        precision: "auto" | "fp32" | "bf16" | "fp16";
        quantization: "none" | "4bit";
        attn_implementation: "sdpa" | "eager" | "flash_attention_2" | "flash_attention_3" | "kernels-community/flash-attn";
        gradient_checkpointing: boolean;
        liger_kernel: boolean;
        num_processes: number | "auto";
        fsdp: "none" | "full_shard" | "shard_grad_op";
        strategy: "lora" | "dpo" | "kto";
        base_model: string;
        train_path: string;
        eval_path: string | null;
        adapter_dir: string;
        tokenizer_dir: string;
        checkpoints_dir: string;
        resume_from_checkpoint: string | null;
        compare_adapter_dir: string | null;
        epochs: number;
        max_steps: number;
        learning_rate: number;
        lora_rank: number;
        dpo_beta: number;
        example_format: "summary" | "trajectory";
    }> | {
        epochs: number;
        max_train_steps: number;
        learning_rate: number;
        lora_rank: number;
        lora_alpha: number;
        lora_dropout: number;
        dpo_beta: number;
        per_device_batch_size: number;
        gradient_accumulation_steps: number;
        max_seq_length: number;
        seed: number;
    };
    environment: {
        [x: string]: unknown;
        device: string;
        precision: string;
        gpu_name: string | null;
        gpu_memory_bytes: number | null;
        versions: Record<string, string>;
        device_note?: string | null | undefined;
        peak_memory_bytes?: number | null | undefined;
        peak_memory_kind?: string | null | undefined;
        tokens_per_second?: number | null | undefined;
        processes?: number | undefined;
        fsdp?: string | undefined;
    } | null;
    artifacts: TrainingArtifacts | null;
    steps: number;
    resumed_from_step: number | null;
    metrics: Record<string, number | null>;
};
type MetadataArgs = {
    plan: RunPlan;
    conversion: ConversionResult;
    training: TrainingResult;
    taskEval?: TaskEvalResults;
};
type OverridesArgs = {
    plan: RunPlan;
    adapterPath: string;
    promote?: boolean;
    promotionReason?: string;
};
/** Activities that publish a finished run: metadata.json, overrides.yaml, latest.json (in that order). */
export declare function createPublishActivities(config: Config, store: RunStorage): {
    writeMetadata(args: MetadataArgs): Promise<{
        metadataPath: string;
        latestPath: string;
        latestUpdated: boolean;
        promote: boolean;
        promotionReason: string;
    }>;
    updateOverrides(args: OverridesArgs): Promise<{
        updated: boolean;
        reason: string;
        overridesPath: string;
    } | {
        updated: boolean;
        reason: null;
        overridesPath: string;
    }>;
    publishLatest(args: {
        plan: RunPlan;
    }): Promise<{
        latestPath: string;
        latestUpdated: boolean;
    }>;
    markPublishFailed(args: {
        plan: RunPlan;
        reason: string;
    }): Promise<{
        marked: boolean;
        why: string;
    } | {
        marked: boolean;
        why: null;
    }>;
};
export {};
