import { z } from 'zod';

/**
 * What a TrainingWorkflow accepts, from the CLI, `temporal workflow start` or the Web UI.
 * Strict: an unknown field is refused by name rather than silently ignored.
 */
export const TrainingInputSchema = z.strictObject({
  strategy: z.enum(['lora', 'dpo']).optional(),
  datasetPath: z.string().min(1).optional(),
  outputDir: z.string().min(1).optional(),
  dryRun: z.boolean().default(false),
  requireThreshold: z.boolean().default(false),
  minSamples: z.number().int().nonnegative().optional(),
  /** Who asked: `cli`, `schedule`, `ui`; recorded in metadata. */
  trigger: z.string().max(64).optional(),
  /** Resume a failed run: reuse its snapshot, converted data and last checkpoint (agi-core runs resume). */
  resumeRunDir: z.string().min(1).optional(),
});
export type TrainingInput = z.input<typeof TrainingInputSchema>;
export type ValidTrainingInput = z.output<typeof TrainingInputSchema>;

/** The readiness step's decision and the snapshot every later step works on. */
export type RunPlan = {
  ready: boolean;
  message: string | null;
  datasetPath: string;
  /** Snapshot end: the run trains on dataset bytes [0, offset). */
  offset: number;
  sampleCount: number;
  badLineCount: number;
  threshold: number;
  strategy: 'lora' | 'dpo';
  dryRun: boolean;
  runDir: string;
  runName: string;
  createdAt: string;
  trigger: string;
  gpuTaskQueue: string;
  heartbeatTimeoutSeconds: number;
};

export type TrainingResult = {
  adapter_path: string;
  tokenizer_path: string;
  dry_run: boolean;
  metrics: Record<string, number | null>;
  resumed_from_step: number | null;
  steps: number;
};

export type TrainingProgress = {
  stage:
    | 'starting'
    | 'readiness'
    | 'conversion'
    | 'training'
    | 'metadata'
    | 'overrides'
    | 'done'
    | 'skipped'
    | 'failed';
  sample_count: number | null;
  train_examples: number | null;
  eval_examples: number | null;
  step: number | null;
  total_steps: number | null;
  loss: number | null;
  eta_seconds: number | null;
  run_dir: string | null;
};

/** What the activity signals to its workflow while the trainer runs. */
export type TrainerProgressSignal = Pick<TrainingProgress, 'step' | 'total_steps' | 'loss' | 'eta_seconds'>;

/** The seed CLI's JSON payload, plus where things went. */
export type TrainingOutcome = {
  triggered: boolean;
  dataset_size: number;
  threshold: number;
  strategy: 'lora' | 'dpo';
  dry_run: boolean;
  output_dir: string;
  message?: string;
  metadata_path?: string;
  adapter_path?: string;
  overrides_updated?: boolean;
  /** Why the adapter was (not) activated: the promotion gate's decision. */
  promotion?: string;
  bad_line_count?: number;
};
