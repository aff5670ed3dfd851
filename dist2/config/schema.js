import { z } from 'zod';
import { ExampleFormatSchema, StrategyChoiceSchema, StrategySchema, TrainerSettingsSchema, } from '../shared/trainer-protocol.js';
import { LiveGateModeSchema } from '../shared/optimizer-contract.js';
const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();
/** Keys of `learning` that belong to the agent: accepted and kept, never interpreted here. */
export const AGENT_LEARNING_KEYS = [
    'feedback_path',
    'max_feedback_history',
    'min_samples_for_optimization',
    'success_rate_floor',
    'success_rate_ceiling',
    'optimizer_cooldown',
    'min_autonomous_interval_sec',
    'max_autonomous_interval_sec',
    'telemetry_cpu_threshold',
    'telemetry_memory_threshold_mb',
];
export { StrategySchema, StrategyChoiceSchema } from '../shared/trainer-protocol.js';
/** The closed loop's gate on a live adapter: its outcomes against its predecessor's on the same goals. */
export const LiveGateSchema = z.strictObject({
    mode: LiveGateModeSchema,
    min_records: positiveInt,
    min_goals: positiveInt,
    alpha: z.number().gt(0).lt(0.5),
}, { error: 'expected a mapping with mode (off | report | rollback), min_records, min_goals and alpha' });
/** How the model acts (evaluation and the reference agent). */
export const RolloutSettingsSchema = z.strictObject({
    max_steps: positiveInt.max(64),
    max_new_tokens: positiveInt.max(32768),
    batch_size: positiveInt.max(4096),
    tool_timeout_seconds: z.number().positive().max(3600),
});
const TYPICAL_LORA_RATES = 'typical LoRA learning rates are 1e-5 to 1e-3';
export const LearningSchema = z.looseObject({
    dataset_path: z.string().min(1),
    dataset_flush_batch: positiveInt,
    min_samples_for_training: nonNegativeInt,
    training_strategy: StrategyChoiceSchema,
    example_format: ExampleFormatSchema,
    training_base_model: z.string().min(1),
    training_output_dir: z.string().min(1),
    training_metadata_path: z.string().min(1),
    training_overrides_path: z.string().min(1),
    training_epochs: z.number().positive(),
    max_train_steps: positiveInt,
    // Bounded so a typo (1e30 for 1e-3) is refused here, not found out as an adapter of NaN weights.
    learning_rate: z
        .number()
        .gt(0, { error: (iss) => `must be above 0, got ${String(iss.input)}: ${TYPICAL_LORA_RATES}` })
        .lte(1, { error: (iss) => `must be at most 1, got ${String(iss.input)}: ${TYPICAL_LORA_RATES}` }),
    // The trainer also checks it against the base model's narrowest targeted layer, which only it can see.
    lora_rank: positiveInt.max(4096, {
        error: (iss) => `must be at most 4096, got ${String(iss.input)}: typical LoRA ranks are 4 to 64`,
    }),
    dpo_beta: z.number().positive(),
    active_adapter_path: z.string().min(1).nullable(),
    eval_fraction: z.number().min(0).lt(1),
    eval_min_records: nonNegativeInt,
    dpo_max_pairs_per_goal: positiveInt,
    promotion_policy: z.enum(['always', 'if_improved']),
    eval_suite: z
        .string()
        .regex(/^(reasoning-gym|python):\S+$/, {
        error: 'use reasoning-gym:NAME[,NAME…] or python:package.module:factory (docs/suites.md), or null',
    })
        .nullable(),
    eval_tasks: positiveInt,
    eval_seed: nonNegativeInt,
    rollout: RolloutSettingsSchema,
    adapter_history_path: z.string().min(1),
    live_gate: LiveGateSchema,
});
export const TemporalSchema = z.strictObject({
    address: z.string().min(1).nullable(),
    namespace: z.string().min(1),
    tls: z.strictObject({
        enabled: z.boolean(),
        client_cert_path: z.string().min(1).nullable(),
        client_key_path: z.string().min(1).nullable(),
        server_ca_cert_path: z.string().min(1).nullable(),
        server_name: z.string().min(1).nullable(),
        // PEM text instead of a file (TEMPORAL_TLS_*_DATA, or a profile's *_data); a path wins when both are set.
        client_cert_data: z.string().min(1).nullable().default(null),
        client_key_data: z.string().min(1).nullable().default(null),
        server_ca_cert_data: z.string().min(1).nullable().default(null),
    }),
    api_key: z.string().min(1).nullable(),
    task_queues: z.strictObject({ learning: z.string().min(1), gpu_training: z.string().min(1) }),
    embedded: z.strictObject({
        port: positiveInt.max(65535),
        ui_port: positiveInt.max(65535),
        db_dir: z.string().min(1),
    }),
});
/** Durations are written like `90s`, `15m`, `1h`, `2d`. */
export const DurationSchema = z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration such as 30s, 15m, 1h or 2d');
/** The trainer settings the run spec carries (see TrainerSettingsSchema), and the worker's own knobs. */
export const TrainerSchema = z.strictObject({
    ...TrainerSettingsSchema.shape,
    python: z.string().min(1).nullable(),
    kill_grace_seconds: z.number().positive(),
    oom_retry: z.boolean(),
    heartbeat_timeout_seconds: z.number().int().min(5),
    attempt_timeout: DurationSchema,
    queue_timeout: DurationSchema.nullable(),
    cuda_visible_devices: z.union([z.string(), z.number()]).nullable(),
    scratch_dir: z.string().min(1).nullable(),
});
/** s3://BUCKET[/PREFIX]: a bucket name as S3 allows it (3-63 lowercase letters, digits, dots, hyphens). */
const S3_URL = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s]*)?$/;
export const StorageSchema = z.strictObject({
    url: z
        .string()
        .refine((u) => u.startsWith('file://') || S3_URL.test(u), 'expected file:// (the local layout, one host), file:///DIR, or s3://BUCKET/PREFIX with a valid bucket name'),
    endpoint: z
        .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://127.0.0.1:9000' })
        .nullable(),
    region: z.string().min(1),
    force_path_style: z.boolean().nullable(),
});
const CRON_RANGES = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12],
    [0, 7],
];
const CRON_NAMES = [
    [],
    [],
    [],
    ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
    ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
];
/** One cron field: `*`, N, N-M, names, lists and `/step`, every number inside the field's range. */
function isCronField(field, index) {
    const [lo, hi] = CRON_RANGES[index];
    const names = CRON_NAMES[index];
    const value = (v) => {
        const named = names.indexOf(v.toLowerCase());
        if (named >= 0)
            return index === 3 ? named + 1 : named;
        return /^\d+$/.test(v) ? Number(v) : NaN;
    };
    return field.split(',').every((part) => {
        const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
        if (!m)
            return false;
        if (m[2] !== undefined && Number(m[2]) < 1)
            return false;
        if (m[1] === '*')
            return true;
        return m[1].split('-').every((v) => {
            const n = value(v);
            return Number.isInteger(n) && n >= lo && n <= hi;
        });
    });
}
/** A duration or a five-field cron expression whose fields are in range. */
export function isIntervalOrCron(value) {
    if (DurationSchema.safeParse(value).success)
        return !/^0+(ms|s|m|h|d)$/.test(value);
    const fields = value.trim().split(/\s+/);
    return fields.length === 5 && fields.every(isCronField);
}
export const SelfOptimizerSchema = z.strictObject({
    schedule_id: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only'),
    interval: z
        .string()
        .refine(isIntervalOrCron, 'expected a duration such as 15m or a five-field cron expression such as "*/15 * * * *" (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-7)'),
    min_new_samples: nonNegativeInt,
    cooldown: DurationSchema,
    strategy: z.enum([...StrategySchema.options, 'auto']),
    min_dpo_pairs: positiveInt,
    failure_backoff: DurationSchema,
    catchup_window: DurationSchema,
    paused: z.boolean(),
    dry_run: z.boolean(),
});
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
export function durationMs(value) {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(value);
    if (!m)
        throw new Error(`not a duration: ${value}`);
    return Number(m[1]) * UNIT_MS[m[2]];
}
export const FileConfigSchema = z
    .object({
    learning: LearningSchema,
    temporal: TemporalSchema,
    trainer: TrainerSchema,
    self_optimizer: SelfOptimizerSchema,
    storage: StorageSchema,
})
    // Other top-level sections (memory, security, …) belong to the rest of the agent.
    .loose();
//# sourceMappingURL=schema.js.map