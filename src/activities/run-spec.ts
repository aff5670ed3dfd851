import type { Config } from '../config/load-config.js';
import { TRAINER_SETTING_KEYS, type RunSpec, type TrainerSettings } from '../shared/trainer-protocol.js';
import type { RunPlan } from '../shared/training-contract.js';

/** Maps the seed's config keys and the trainer settings (passed through unchanged) onto the trainer's run spec. */
export function buildRunSpec(
  config: Config,
  plan: RunPlan,
  dirs: {
    trainPath: string;
    evalPath: string | null;
    adapterDir: string;
    tokenizerDir: string;
    checkpointsDir: string;
    resumeFrom: string | null;
    compareAdapterDir: string | null;
  },
): RunSpec {
  const l = config.learning;
  const settings = Object.fromEntries(
    TRAINER_SETTING_KEYS.map((key) => [key, config.trainer[key]]),
  ) as TrainerSettings;
  return {
    strategy: plan.strategy,
    base_model: l.training_base_model,
    train_path: dirs.trainPath,
    eval_path: dirs.evalPath,
    adapter_dir: dirs.adapterDir,
    tokenizer_dir: dirs.tokenizerDir,
    checkpoints_dir: dirs.checkpointsDir,
    resume_from_checkpoint: dirs.resumeFrom,
    compare_adapter_dir: dirs.compareAdapterDir,
    // The seed's learning.* keys the trainer needs, under the trainer's names.
    epochs: l.training_epochs,
    max_steps: l.max_train_steps,
    learning_rate: l.learning_rate,
    lora_rank: l.lora_rank,
    dpo_beta: l.dpo_beta,
    example_format: plan.exampleFormat ?? 'summary',
    ...settings,
  };
}
