import { z } from 'zod';
/** Keys of `learning` that belong to the agent: accepted and kept, never interpreted here. */
export declare const AGENT_LEARNING_KEYS: readonly ["feedback_path", "max_feedback_history", "min_samples_for_optimization", "success_rate_floor", "success_rate_ceiling", "optimizer_cooldown", "min_autonomous_interval_sec", "max_autonomous_interval_sec", "telemetry_cpu_threshold", "telemetry_memory_threshold_mb"];
export { StrategySchema, StrategyChoiceSchema, type Strategy } from '../shared/trainer-protocol.js';
/** The closed loop's gate on a live adapter: its outcomes against its predecessor's on the same goals. */
export declare const LiveGateSchema: z.ZodObject<{
    mode: z.ZodEnum<{
        off: "off";
        report: "report";
        rollback: "rollback";
    }>;
    min_records: z.ZodNumber;
    min_goals: z.ZodNumber;
    alpha: z.ZodNumber;
}, z.core.$strict>;
export type LiveGate = z.infer<typeof LiveGateSchema>;
/** How the model acts (evaluation and the reference agent). */
export declare const RolloutSettingsSchema: z.ZodObject<{
    max_steps: z.ZodNumber;
    max_new_tokens: z.ZodNumber;
    batch_size: z.ZodNumber;
    tool_timeout_seconds: z.ZodNumber;
}, z.core.$strict>;
export type RolloutSettings = z.infer<typeof RolloutSettingsSchema>;
export declare const LearningSchema: z.ZodObject<{
    dataset_path: z.ZodString;
    dataset_flush_batch: z.ZodNumber;
    min_samples_for_training: z.ZodNumber;
    training_strategy: z.ZodEnum<{
        lora: "lora";
        dpo: "dpo";
        kto: "kto";
        auto: "auto";
    }>;
    example_format: z.ZodEnum<{
        summary: "summary";
        trajectory: "trajectory";
    }>;
    training_base_model: z.ZodString;
    training_output_dir: z.ZodString;
    training_metadata_path: z.ZodString;
    training_overrides_path: z.ZodString;
    training_epochs: z.ZodNumber;
    max_train_steps: z.ZodNumber;
    learning_rate: z.ZodNumber;
    lora_rank: z.ZodNumber;
    dpo_beta: z.ZodNumber;
    active_adapter_path: z.ZodNullable<z.ZodString>;
    eval_fraction: z.ZodNumber;
    eval_min_records: z.ZodNumber;
    dpo_max_pairs_per_goal: z.ZodNumber;
    promotion_policy: z.ZodEnum<{
        always: "always";
        if_improved: "if_improved";
    }>;
    eval_suite: z.ZodNullable<z.ZodString>;
    eval_tasks: z.ZodNumber;
    eval_seed: z.ZodNumber;
    rollout: z.ZodObject<{
        max_steps: z.ZodNumber;
        max_new_tokens: z.ZodNumber;
        batch_size: z.ZodNumber;
        tool_timeout_seconds: z.ZodNumber;
    }, z.core.$strict>;
    adapter_history_path: z.ZodString;
    live_gate: z.ZodObject<{
        mode: z.ZodEnum<{
            off: "off";
            report: "report";
            rollback: "rollback";
        }>;
        min_records: z.ZodNumber;
        min_goals: z.ZodNumber;
        alpha: z.ZodNumber;
    }, z.core.$strict>;
}, z.core.$loose>;
export declare const TemporalSchema: z.ZodObject<{
    address: z.ZodNullable<z.ZodString>;
    namespace: z.ZodString;
    tls: z.ZodObject<{
        enabled: z.ZodBoolean;
        client_cert_path: z.ZodNullable<z.ZodString>;
        client_key_path: z.ZodNullable<z.ZodString>;
        server_ca_cert_path: z.ZodNullable<z.ZodString>;
        server_name: z.ZodNullable<z.ZodString>;
        client_cert_data: z.ZodDefault<z.ZodNullable<z.ZodString>>;
        client_key_data: z.ZodDefault<z.ZodNullable<z.ZodString>>;
        server_ca_cert_data: z.ZodDefault<z.ZodNullable<z.ZodString>>;
    }, z.core.$strict>;
    api_key: z.ZodNullable<z.ZodString>;
    task_queues: z.ZodObject<{
        learning: z.ZodString;
        gpu_training: z.ZodString;
    }, z.core.$strict>;
    embedded: z.ZodObject<{
        port: z.ZodNumber;
        ui_port: z.ZodNumber;
        db_dir: z.ZodString;
    }, z.core.$strict>;
}, z.core.$strict>;
/** Durations are written like `90s`, `15m`, `1h`, `2d`. */
export declare const DurationSchema: z.ZodString;
/** The trainer settings the run spec carries (see TrainerSettingsSchema), and the worker's own knobs. */
export declare const TrainerSchema: z.ZodObject<{
    python: z.ZodNullable<z.ZodString>;
    kill_grace_seconds: z.ZodNumber;
    oom_retry: z.ZodBoolean;
    heartbeat_timeout_seconds: z.ZodNumber;
    attempt_timeout: z.ZodString;
    queue_timeout: z.ZodNullable<z.ZodString>;
    cuda_visible_devices: z.ZodNullable<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
    scratch_dir: z.ZodNullable<z.ZodString>;
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
export declare const StorageSchema: z.ZodObject<{
    url: z.ZodString;
    endpoint: z.ZodNullable<z.ZodURL>;
    region: z.ZodString;
    force_path_style: z.ZodNullable<z.ZodBoolean>;
}, z.core.$strict>;
export type StorageConfig = z.infer<typeof StorageSchema>;
/** A duration or a five-field cron expression whose fields are in range. */
export declare function isIntervalOrCron(value: string): boolean;
export declare const SelfOptimizerSchema: z.ZodObject<{
    schedule_id: z.ZodString;
    interval: z.ZodString;
    min_new_samples: z.ZodNumber;
    cooldown: z.ZodString;
    strategy: z.ZodEnum<{
        lora: "lora";
        dpo: "dpo";
        kto: "kto";
        auto: "auto";
    }>;
    min_dpo_pairs: z.ZodNumber;
    failure_backoff: z.ZodString;
    catchup_window: z.ZodString;
    paused: z.ZodBoolean;
    dry_run: z.ZodBoolean;
}, z.core.$strict>;
export type SelfOptimizerConfig = z.infer<typeof SelfOptimizerSchema>;
export declare function durationMs(value: string): number;
export declare const FileConfigSchema: z.ZodObject<{
    learning: z.ZodObject<{
        dataset_path: z.ZodString;
        dataset_flush_batch: z.ZodNumber;
        min_samples_for_training: z.ZodNumber;
        training_strategy: z.ZodEnum<{
            lora: "lora";
            dpo: "dpo";
            kto: "kto";
            auto: "auto";
        }>;
        example_format: z.ZodEnum<{
            summary: "summary";
            trajectory: "trajectory";
        }>;
        training_base_model: z.ZodString;
        training_output_dir: z.ZodString;
        training_metadata_path: z.ZodString;
        training_overrides_path: z.ZodString;
        training_epochs: z.ZodNumber;
        max_train_steps: z.ZodNumber;
        learning_rate: z.ZodNumber;
        lora_rank: z.ZodNumber;
        dpo_beta: z.ZodNumber;
        active_adapter_path: z.ZodNullable<z.ZodString>;
        eval_fraction: z.ZodNumber;
        eval_min_records: z.ZodNumber;
        dpo_max_pairs_per_goal: z.ZodNumber;
        promotion_policy: z.ZodEnum<{
            always: "always";
            if_improved: "if_improved";
        }>;
        eval_suite: z.ZodNullable<z.ZodString>;
        eval_tasks: z.ZodNumber;
        eval_seed: z.ZodNumber;
        rollout: z.ZodObject<{
            max_steps: z.ZodNumber;
            max_new_tokens: z.ZodNumber;
            batch_size: z.ZodNumber;
            tool_timeout_seconds: z.ZodNumber;
        }, z.core.$strict>;
        adapter_history_path: z.ZodString;
        live_gate: z.ZodObject<{
            mode: z.ZodEnum<{
                off: "off";
                report: "report";
                rollback: "rollback";
            }>;
            min_records: z.ZodNumber;
            min_goals: z.ZodNumber;
            alpha: z.ZodNumber;
        }, z.core.$strict>;
    }, z.core.$loose>;
    temporal: z.ZodObject<{
        address: z.ZodNullable<z.ZodString>;
        namespace: z.ZodString;
        tls: z.ZodObject<{
            enabled: z.ZodBoolean;
            client_cert_path: z.ZodNullable<z.ZodString>;
            client_key_path: z.ZodNullable<z.ZodString>;
            server_ca_cert_path: z.ZodNullable<z.ZodString>;
            server_name: z.ZodNullable<z.ZodString>;
            client_cert_data: z.ZodDefault<z.ZodNullable<z.ZodString>>;
            client_key_data: z.ZodDefault<z.ZodNullable<z.ZodString>>;
            server_ca_cert_data: z.ZodDefault<z.ZodNullable<z.ZodString>>;
        }, z.core.$strict>;
        api_key: z.ZodNullable<z.ZodString>;
        task_queues: z.ZodObject<{
            learning: z.ZodString;
            gpu_training: z.ZodString;
        }, z.core.$strict>;
        embedded: z.ZodObject<{
            port: z.ZodNumber;
            ui_port: z.ZodNumber;
            db_dir: z.ZodString;
        }, z.core.$strict>;
    }, z.core.$strict>;
    trainer: z.ZodObject<{
        python: z.ZodNullable<z.ZodString>;
        kill_grace_seconds: z.ZodNumber;
        oom_retry: z.ZodBoolean;
        heartbeat_timeout_seconds: z.ZodNumber;
        attempt_timeout: z.ZodString;
        queue_timeout: z.ZodNullable<z.ZodString>;
        cuda_visible_devices: z.ZodNullable<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
        scratch_dir: z.ZodNullable<z.ZodString>;
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
    self_optimizer: z.ZodObject<{
        schedule_id: z.ZodString;
        interval: z.ZodString;
        min_new_samples: z.ZodNumber;
        cooldown: z.ZodString;
        strategy: z.ZodEnum<{
            lora: "lora";
            dpo: "dpo";
            kto: "kto";
            auto: "auto";
        }>;
        min_dpo_pairs: z.ZodNumber;
        failure_backoff: z.ZodString;
        catchup_window: z.ZodString;
        paused: z.ZodBoolean;
        dry_run: z.ZodBoolean;
    }, z.core.$strict>;
    storage: z.ZodObject<{
        url: z.ZodString;
        endpoint: z.ZodNullable<z.ZodURL>;
        region: z.ZodString;
        force_path_style: z.ZodNullable<z.ZodBoolean>;
    }, z.core.$strict>;
}, z.core.$loose>;
export type FileConfig = z.infer<typeof FileConfigSchema>;
export type LearningConfig = z.infer<typeof LearningSchema>;
export type TrainerConfig = z.infer<typeof TrainerSchema>;
