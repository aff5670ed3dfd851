import type { Config } from '../config/load-config.js';
import type { ConversionResult } from '../learning/convert.js';
import type { RunSpec } from '../shared/trainer-protocol.js';
import type { RunPlan } from '../shared/training-contract.js';

/** Maps the seed's config keys and the trainer section onto the trainer's run spec. */
export function buildRunSpec(
  config: Config,
  plan: RunPlan,
  conversion: ConversionResult,
  dirs: {
    adapterDir: string;
    tokenizerDir: string;
    checkpointsDir: string;
    resumeFrom: string | null;
    compareAdapterDir: string | null;
  },
): RunSpec {
  const l = config.learning;
  const t = config.trainer;
  return {
    strategy: plan.strategy,
    base_model: l.training_base_model,
    train_path: conversion.train_path,
    eval_path: conversion.eval_path,
    adapter_dir: dirs.adapterDir,
    tokenizer_dir: dirs.tokenizerDir,
    checkpoints_dir: dirs.checkpointsDir,
    resume_from_checkpoint: dirs.resumeFrom,
    compare_adapter_dir: dirs.compareAdapterDir,
    epochs: l.training_epochs,
    max_steps: l.max_train_steps,
    learning_rate: l.learning_rate,
    lora_rank: l.lora_rank,
    lora_alpha: t.lora_alpha,
    lora_dropout: t.lora_dropout,
    target_modules: t.target_modules,
    dpo_beta: l.dpo_beta,
    per_device_batch_size: t.per_device_batch_size,
    gradient_accumulation_steps: t.gradient_accumulation_steps,
    max_seq_length: t.max_seq_length,
    packing: t.packing,
    save_steps: t.save_steps,
    save_total_limit: t.save_total_limit,
    seed: t.seed,
    device: t.device,
    report_to: (Array.isArray(t.report_to) ? t.report_to : [t.report_to]).filter((r) => r !== 'none'),
    precision: t.precision,
    quantization: t.quantization,
  };
}
