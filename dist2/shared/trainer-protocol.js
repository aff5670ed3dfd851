import { z } from 'zod';
/** How an adapter is trained: SFT with LoRA, DPO from same-goal success/failure pairs, KTO from labelled outcomes. */
export const StrategySchema = z.enum(['lora', 'dpo', 'kto']);
/**
 * What a training example holds. `summary` (the seed's): the user turn shows goal, plan and execution, the
 * assistant turn is the verifier's summary. `trajectory`: the agent's conversation in trl's tool-calling shape,
 * the plan as assistant `tool_calls`, tool outputs as `tool` turns that get no loss.
 */
export const ExampleFormatSchema = z.enum(['summary', 'trajectory'], {
    error: "use summary (the seed's: train the verifier's summary) or trajectory (train the plan as tool calls)",
});
/** What a person may ask for: a strategy, or `auto` (DPO with enough pairs, else KTO with both outcomes, else SFT). */
export const StrategyChoiceSchema = z.enum([...StrategySchema.options, 'auto']);
/** What trained: the device, precision, GPU and library versions (metadata.json's `environment`). */
export const TrainerEnvironmentSchema = z.looseObject({
    device: z.string(),
    precision: z.string(),
    gpu_name: z.string().nullable(),
    gpu_memory_bytes: z.number().int().nonnegative().nullable(),
    versions: z.record(z.string(), z.string()),
    /** Why this is not a CUDA GPU, when it is not (trainer.device auto fell back). */
    device_note: z.string().nullable().optional(),
    peak_memory_bytes: z.number().int().nonnegative().nullable().optional(),
    peak_memory_kind: z.string().nullable().optional(),
    /** Real (non-padding) tokens per second over the attempt. */
    tokens_per_second: z.number().nullable().optional(),
    /** Training processes (DDP or FSDP ranks) on this host. */
    processes: z.number().int().positive().optional(),
    /** trainer.fsdp as trained: `none` when each process held the whole model. */
    fsdp: z.string().optional(),
});
/** The trainer's stdout, one JSON object per line. Python emits the same shapes (see trainer/agi_trainer/protocol.py). */
export const TrainerEventSchema = z.discriminatedUnion('event', [
    z.looseObject({
        event: z.literal('start'),
        total_steps: z.number().int().nonnegative(),
        resumed_from_step: z.number().int().nonnegative(),
        device: z.string(),
        device_note: z.string().nullable().optional(),
        strategy: StrategySchema,
        trainable_params: z.number().int().nonnegative(),
        total_params: z.number().int().nonnegative(),
    }),
    z.looseObject({
        event: z.literal('progress'),
        step: z.number().int().nonnegative(),
        total_steps: z.number().int().nonnegative(),
        loss: z.number().nullable(),
        learning_rate: z.number().nullable(),
        tokens_per_second: z.number().nullable(),
        eta_seconds: z.number().nullable(),
    }),
    z.looseObject({
        event: z.literal('checkpoint'),
        step: z.number().int().nonnegative(),
        path: z.string().min(1),
    }),
    z.looseObject({
        event: z.literal('eval'),
        step: z.number().int().nonnegative(),
        phase: z.enum(['before', 'after', 'active']),
        eval_loss: z.number().nullable(),
        metrics: z.record(z.string(), z.number().nullable()).default({}),
    }),
    z.looseObject({
        event: z.literal('done'),
        adapter_path: z.string().min(1),
        tokenizer_path: z.string().min(1),
        steps: z.number().int().nonnegative(),
        metrics: z.record(z.string(), z.number().nullable()),
        environment: TrainerEnvironmentSchema.optional(),
    }),
    // A rollout (python -m agi_trainer rollout): the model acting on a task suite.
    z.looseObject({
        event: z.literal('rollout_start'),
        tasks: z.number().int().nonnegative(),
        resumed: z.number().int().nonnegative(),
        device: z.string(),
        suite: z.string(),
    }),
    z.looseObject({
        event: z.literal('rollout_progress'),
        done: z.number().int().nonnegative(),
        tasks: z.number().int().nonnegative(),
        successes: z.number().int().nonnegative(),
        eta_seconds: z.number().nullable(),
    }),
    z.looseObject({
        event: z.literal('rollout_done'),
        results_path: z.string().min(1),
        tasks: z.number().int().nonnegative(),
        successes: z.number().int().nonnegative(),
        seconds: z.number().nullable(),
    }),
    z.looseObject({
        event: z.literal('error'),
        kind: z.enum(['bad_input', 'oom', 'interrupted', 'internal']),
        message: z.string(),
    }),
]);
/** Parses one stdout line; anything that is not a protocol event (a stray print, a torn line) is undefined. */
export function parseTrainerLine(line) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{'))
        return undefined;
    try {
        const parsed = TrainerEventSchema.safeParse(JSON.parse(trimmed));
        return parsed.success ? parsed.data : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The trainer's settings: the `trainer:` config keys that travel to the Python trainer unchanged. The one place
 * to add a knob: the config section and the run spec both take their shape from here, its default goes in
 * config/defaults.yaml, and `npx tsx src/trainer/write-json-schemas.ts` hands both to the Python trainer
 * (trainer/agi_trainer/schemas/run-spec.schema.json, which spec.py builds RunSpec from).
 */
export const TrainerSettingsSchema = z.strictObject({
    lora_alpha: z.number().positive(),
    lora_dropout: z.number().min(0).lt(1),
    target_modules: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    per_device_batch_size: z.number().int().positive(),
    gradient_accumulation_steps: z.number().int().positive(),
    max_seq_length: z.number().int().positive(),
    packing: z.boolean(),
    save_steps: z.number().int().positive(),
    save_total_limit: z.number().int().positive(),
    seed: z.number().int().nonnegative(),
    device: z.enum(['auto', 'cuda', 'cpu']),
    /** HF Trainer integrations: one name, a list, or `none`. */
    report_to: z.union([z.string().min(1), z.array(z.string().min(1))]),
    precision: z.enum(['auto', 'fp32', 'bf16', 'fp16']),
    quantization: z.enum(['none', '4bit']),
    attn_implementation: z.enum([
        'sdpa',
        'eager',
        'flash_attention_2',
        'flash_attention_3',
        'kernels-community/flash-attn',
    ]),
    gradient_checkpointing: z.boolean(),
    liger_kernel: z.boolean(),
    /** Training processes (DDP ranks) on the GPU host: `auto` is one per GPU the worker sees, one without a GPU. */
    num_processes: z.union([z.literal('auto'), z.number().int().positive()], {
        error: 'use auto (one process per visible GPU) or a whole number of processes from 1',
    }),
    /**
     * Shard the model over those processes (FSDP2) instead of copying it to each: for models that do not fit one
     * GPU. `full_shard` frees each layer's weights after its forward (least memory); `shard_grad_op` keeps them
     * until its backward (faster, more memory).
     */
    fsdp: z.enum(['none', 'full_shard', 'shard_grad_op'], {
        error: 'use none (each process holds the whole model), full_shard or shard_grad_op',
    }),
});
export const TRAINER_SETTING_KEYS = TrainerSettingsSchema.keyof().options;
/** The run spec the activity writes and the trainer reads (`python -m agi_trainer train --spec FILE`). */
export const RunSpecSchema = z.strictObject({
    strategy: StrategySchema,
    base_model: z.string().min(1),
    train_path: z.string().min(1),
    eval_path: z.string().min(1).nullable(),
    adapter_dir: z.string().min(1),
    tokenizer_dir: z.string().min(1),
    checkpoints_dir: z.string().min(1),
    resume_from_checkpoint: z.string().min(1).nullable(),
    /** The adapter active now: the trainer evaluates it on the same eval split for the promotion gate. */
    compare_adapter_dir: z.string().min(1).nullable(),
    epochs: z.number().positive(),
    max_steps: z.number().int().positive(),
    learning_rate: z.number().positive(),
    lora_rank: z.number().int().positive(),
    dpo_beta: z.number().positive(),
    /** learning.example_format as the run converted its data (the trainer masks trajectory rows itself). */
    example_format: ExampleFormatSchema.default('summary'),
    ...TrainerSettingsSchema.shape,
});
//# sourceMappingURL=trainer-protocol.js.map