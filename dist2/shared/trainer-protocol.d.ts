import { z } from 'zod';
/** How an adapter is trained: SFT with LoRA, DPO from same-goal success/failure pairs, KTO from labelled outcomes. */
export declare const StrategySchema: z.ZodEnum<{
    lora: "lora";
    dpo: "dpo";
    kto: "kto";
}>;
export type Strategy = z.infer<typeof StrategySchema>;
/**
 * What a training example holds. `summary` (the seed's): the user turn shows goal, plan and execution, the
 * assistant turn is the verifier's summary. `trajectory`: the agent's conversation in trl's tool-calling shape,
 * the plan as assistant `tool_calls`, tool outputs as `tool` turns that get no loss.
 */
export declare const ExampleFormatSchema: z.ZodEnum<{
    summary: "summary";
    trajectory: "trajectory";
}>;
export type ExampleFormat = z.infer<typeof ExampleFormatSchema>;
/** What a person may ask for: a strategy, or `auto` (DPO with enough pairs, else KTO with both outcomes, else SFT). */
export declare const StrategyChoiceSchema: z.ZodEnum<{
    lora: "lora";
    dpo: "dpo";
    kto: "kto";
    auto: "auto";
}>;
/** What trained: the device, precision, GPU and library versions (metadata.json's `environment`). */
export declare const TrainerEnvironmentSchema: z.ZodObject<{
    device: z.ZodString;
    precision: z.ZodString;
    gpu_name: z.ZodNullable<z.ZodString>;
    gpu_memory_bytes: z.ZodNullable<z.ZodNumber>;
    versions: z.ZodRecord<z.ZodString, z.ZodString>;
    device_note: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    peak_memory_bytes: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
    peak_memory_kind: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    tokens_per_second: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
    processes: z.ZodOptional<z.ZodNumber>;
    fsdp: z.ZodOptional<z.ZodString>;
}, z.core.$loose>;
export type TrainerEnvironment = z.infer<typeof TrainerEnvironmentSchema>;
/** The trainer's stdout, one JSON object per line. Python emits the same shapes (see trainer/agi_trainer/protocol.py). */
export declare const TrainerEventSchema: z.ZodDiscriminatedUnion<[z.ZodObject<{
    event: z.ZodLiteral<"start">;
    total_steps: z.ZodNumber;
    resumed_from_step: z.ZodNumber;
    device: z.ZodString;
    device_note: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    strategy: z.ZodEnum<{
        lora: "lora";
        dpo: "dpo";
        kto: "kto";
    }>;
    trainable_params: z.ZodNumber;
    total_params: z.ZodNumber;
}, z.core.$loose>, z.ZodObject<{
    event: z.ZodLiteral<"progress">;
    step: z.ZodNumber;
    total_steps: z.ZodNumber;
    loss: z.ZodNullable<z.ZodNumber>;
    learning_rate: z.ZodNullable<z.ZodNumber>;
    tokens_per_second: z.ZodNullable<z.ZodNumber>;
    eta_seconds: z.ZodNullable<z.ZodNumber>;
}, z.core.$loose>, z.ZodObject<{
    event: z.ZodLiteral<"checkpoint">;
    step: z.ZodNumber;
    path: z.ZodString;
}, z.core.$loose>, z.ZodObject<{
    event: z.ZodLiteral<"eval">;
    step: z.ZodNumber;
    phase: z.ZodEnum<{
        before: "before";
        after: "after";
        active: "active";
    }>;
    eval_loss: z.ZodNullable<z.ZodNumber>;
    metrics: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodNullable<z.ZodNumber>>>;
}, z.core.$loose>, z.ZodObject<{
    event: z.ZodLiteral<"done">;
    adapter_path: z.ZodString;
    tokenizer_path: z.ZodString;
    steps: z.ZodNumber;
    metrics: z.ZodRecord<z.ZodString, z.ZodNullable<z.ZodNumber>>;
    environment: z.ZodOptional<z.ZodObject<{
        device: z.ZodString;
        precision: z.ZodString;
        gpu_name: z.ZodNullable<z.ZodString>;
        gpu_memory_bytes: z.ZodNullable<z.ZodNumber>;
        versions: z.ZodRecord<z.ZodString, z.ZodString>;
        device_note: z.ZodOptional<z.ZodNullable<z.ZodString>>;
        peak_memory_bytes: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
        peak_memory_kind: z.ZodOptional<z.ZodNullable<z.ZodString>>;
        tokens_per_second: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
        processes: z.ZodOptional<z.ZodNumber>;
        fsdp: z.ZodOptional<z.ZodString>;
    }, z.core.$loose>>;
}, z.core.$loose>, z.ZodObject<{
    event: z.ZodLiteral<"rollout_start">;
    tasks: z.ZodNumber;
    resumed: z.ZodNumber;
    device: z.ZodString;
    suite: z.ZodString;
}, z.core.$loose>, z.ZodObject<{
    event: z.ZodLiteral<"rollout_progress">;
    done: z.ZodNumber;
    tasks: z.ZodNumber;
    successes: z.ZodNumber;
    eta_seconds: z.ZodNullable<z.ZodNumber>;
}, z.core.$loose>, z.ZodObject<{
    event: z.ZodLiteral<"rollout_done">;
    results_path: z.ZodString;
    tasks: z.ZodNumber;
    successes: z.ZodNumber;
    seconds: z.ZodNullable<z.ZodNumber>;
}, z.core.$loose>, z.ZodObject<{
    event: z.ZodLiteral<"error">;
    kind: z.ZodEnum<{
        bad_input: "bad_input";
        oom: "oom";
        interrupted: "interrupted";
        internal: "internal";
    }>;
    message: z.ZodString;
}, z.core.$loose>], "event">;
export type TrainerEvent = z.infer<typeof TrainerEventSchema>;
/** Parses one stdout line; anything that is not a protocol event (a stray print, a torn line) is undefined. */
export declare function parseTrainerLine(line: string): TrainerEvent | undefined;
/**
 * The trainer's settings: the `trainer:` config keys that travel to the Python trainer unchanged. The one place
 * to add a knob: the config section and the run spec both take their shape from here, its default goes in
 * config/defaults.yaml, and `npx tsx src/trainer/write-json-schemas.ts` hands both to the Python trainer
 * (trainer/agi_trainer/schemas/run-spec.schema.json, which spec.py builds RunSpec from).
 */
export declare const TrainerSettingsSchema: z.ZodObject<{
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
    device: z.ZodEnum<{
        auto: "auto";
        cuda: "cuda";
        cpu: "cpu";
    }>;
    report_to: z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>;
    precision: z.ZodEnum<{
        auto: "auto";
        fp32: "fp32";
        bf16: "bf16";
        fp16: "fp16";
    }>;
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
    num_processes: z.ZodUnion<readonly [z.ZodLiteral<"auto">, z.ZodNumber]>;
    fsdp: z.ZodEnum<{
        none: "none";
        full_shard: "full_shard";
        shard_grad_op: "shard_grad_op";
    }>;
}, z.core.$strict>;
export type TrainerSettings = z.infer<typeof TrainerSettingsSchema>;
export declare const TRAINER_SETTING_KEYS: ("device" | "precision" | "fsdp" | "lora_alpha" | "lora_dropout" | "target_modules" | "per_device_batch_size" | "gradient_accumulation_steps" | "max_seq_length" | "packing" | "save_steps" | "save_total_limit" | "seed" | "report_to" | "quantization" | "attn_implementation" | "gradient_checkpointing" | "liger_kernel" | "num_processes")[];
/** The run spec the activity writes and the trainer reads (`python -m agi_trainer train --spec FILE`). */
export declare const RunSpecSchema: z.ZodObject<{
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
    device: z.ZodEnum<{
        auto: "auto";
        cuda: "cuda";
        cpu: "cpu";
    }>;
    report_to: z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>;
    precision: z.ZodEnum<{
        auto: "auto";
        fp32: "fp32";
        bf16: "bf16";
        fp16: "fp16";
    }>;
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
    num_processes: z.ZodUnion<readonly [z.ZodLiteral<"auto">, z.ZodNumber]>;
    fsdp: z.ZodEnum<{
        none: "none";
        full_shard: "full_shard";
        shard_grad_op: "shard_grad_op";
    }>;
    strategy: z.ZodEnum<{
        lora: "lora";
        dpo: "dpo";
        kto: "kto";
    }>;
    base_model: z.ZodString;
    train_path: z.ZodString;
    eval_path: z.ZodNullable<z.ZodString>;
    adapter_dir: z.ZodString;
    tokenizer_dir: z.ZodString;
    checkpoints_dir: z.ZodString;
    resume_from_checkpoint: z.ZodNullable<z.ZodString>;
    compare_adapter_dir: z.ZodNullable<z.ZodString>;
    epochs: z.ZodNumber;
    max_steps: z.ZodNumber;
    learning_rate: z.ZodNumber;
    lora_rank: z.ZodNumber;
    dpo_beta: z.ZodNumber;
    example_format: z.ZodDefault<z.ZodEnum<{
        summary: "summary";
        trajectory: "trajectory";
    }>>;
}, z.core.$strict>;
export type RunSpec = z.infer<typeof RunSpecSchema>;
