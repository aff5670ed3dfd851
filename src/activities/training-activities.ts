import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure, Context, activityInfo } from '@temporalio/activity';
import type { Config } from '../config/load-config.js';
import type { ConversionResult } from '../learning/convert.js';
import type { RunSpec, TrainerEvent } from '../shared/trainer-protocol.js';
import {
  TrainHeartbeatSchema,
  type RunPlan,
  type TrainHeartbeat,
  type TrainingResult,
} from '../shared/training-contract.js';
import { startTrainer, type TrainerOutcome } from '../trainer/run-trainer.js';
import { ensureTrainerPython } from '../trainer/venv.js';
import { readActiveAdapter } from '../learning/overrides-file.js';
import { metrics } from '../shared/metrics.js';
import { toApplicationFailure } from './failures.js';
import { buildRunSpec } from './run-spec.js';

// Frequent and cheap: cancellation reaches an activity only through a heartbeat's response, and the
// details are the live progress operators see (the server keeps them on the pending activity, no events).
const HEARTBEAT_EVERY_MS = 2_000;

/** The newest complete HF checkpoint on disk (a checkpoint without trainer_state.json was cut off mid-save). */
export async function latestCheckpoint(dir: string): Promise<string | null> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const steps = names
    .map((n) => /^checkpoint-(\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null && existsSync(path.join(dir, m[0], 'trainer_state.json')))
    .map((m) => ({ step: Number(m[1]), name: m[0] }))
    .sort((a, b) => b.step - a.step);
  return steps[0] ? path.join(dir, steps[0].name) : null;
}

/** The adapter overrides.yaml points at now (read fresh: runs change it while workers live), if any. */
async function activeAdapterDir(config: Config): Promise<string | null> {
  const active = await readActiveAdapter(config.learning.training_overrides_path).catch(() => null);
  return active ? path.resolve(config.root, active) : null;
}

/** The GPU worker's activity: runs the trainer (or the seed's dry run) for one run directory. */
export function createGpuActivities(config: Config) {
  return {
    async trainAdapter(args: { plan: RunPlan; conversion: ConversionResult }): Promise<TrainingResult> {
      const { plan, conversion } = args;
      const adapterDir = path.join(plan.runDir, 'adapter');
      const tokenizerDir = path.join(plan.runDir, 'tokenizer');
      if (plan.dryRun) {
        // The seed's dry run: orchestration only, no Hugging Face imports, but the documented folders exist.
        await mkdir(adapterDir, { recursive: true });
        await mkdir(tokenizerDir, { recursive: true });
        await writeFile(path.join(adapterDir, 'DRY_RUN'), 'dry run: no weights were trained\n');
        return {
          adapter_path: adapterDir,
          tokenizer_path: tokenizerDir,
          dry_run: true,
          metrics: {},
          resumed_from_step: null,
          steps: 0,
          run_spec: settingsOf(
            buildRunSpec(config, plan, conversion, {
              adapterDir,
              tokenizerDir,
              checkpointsDir: path.join(plan.runDir, 'checkpoints'),
              resumeFrom: null,
              compareAdapterDir: null,
            }),
          ),
          environment: null,
        };
      }
      return toApplicationFailure(() => trainForReal(config, plan, conversion, adapterDir, tokenizerDir));
    },
  };
}

async function trainForReal(
  config: Config,
  plan: RunPlan,
  conversion: ConversionResult,
  adapterDir: string,
  tokenizerDir: string,
): Promise<TrainingResult> {
  const ctx = Context.current();
  const info = activityInfo();
  const checkpointsDir = path.join(plan.runDir, 'checkpoints');
  const parsedPrevious = TrainHeartbeatSchema.safeParse(info.heartbeatDetails);
  const previous = parsedPrevious.success ? parsedPrevious.data : null;
  const resumeFrom =
    previous?.checkpoint && existsSync(previous.checkpoint)
      ? previous.checkpoint
      : await latestCheckpoint(checkpointsDir);
  let last: TrainHeartbeat = {
    step: previous?.step ?? 0,
    checkpoint: resumeFrom,
    batch: previous?.batch,
    attempt: info.attempt,
  };
  ctx.heartbeat(last);

  const python = await ensureTrainerPython(config.trainer.python);
  const spec = buildRunSpec(config, plan, conversion, {
    adapterDir,
    tokenizerDir,
    checkpointsDir,
    resumeFrom,
    compareAdapterDir: await activeAdapterDir(config),
  });
  if (last.batch) Object.assign(spec, last.batch);
  let resumedFrom: number | null = null;
  const onEvent = (event: TrainerEvent) => {
    if (event.event === 'start') {
      resumedFrom = event.resumed_from_step > 0 ? event.resumed_from_step : null;
      last = {
        ...last,
        step: event.resumed_from_step,
        total_steps: event.total_steps,
        resumed_from_step: event.resumed_from_step,
        device: event.device,
        device_note: event.device_note ?? null,
      };
      ctx.heartbeat(last);
      if (event.device_note) ctx.log.warn(`run ${plan.runName}: ${event.device_note}`);
    }
    if (event.event === 'progress') {
      last = {
        ...last,
        step: event.step,
        total_steps: event.total_steps,
        loss: event.loss,
        eta_seconds: event.eta_seconds,
        tokens_per_second: event.tokens_per_second,
      };
      metrics.step.set(event.step);
      if (event.loss !== null) metrics.loss.set(event.loss);
      if (event.tokens_per_second !== null) metrics.tokensPerSecond.set(event.tokens_per_second);
    }
    if (event.event === 'checkpoint') {
      last = { ...last, step: event.step, checkpoint: event.path };
      ctx.heartbeat(last); // at once: this is what a retry resumes from
    }
  };
  const run = await startTrainer({
    python,
    spec,
    specPath: path.join(plan.runDir, 'logs', `spec-attempt-${info.attempt}.json`),
    logPath: path.join(plan.runDir, 'logs', 'trainer.log'),
    cudaVisibleDevices:
      config.trainer.cuda_visible_devices === null ? undefined : String(config.trainer.cuda_visible_devices),
    onEvent,
  });
  const heartbeatTimer = setInterval(() => ctx.heartbeat(last), HEARTBEAT_EVERY_MS);
  const graceMs = config.trainer.kill_grace_seconds * 1000;
  try {
    let cancellation: { error: unknown } | null = null;
    const cancelled = ctx.cancelled.catch(async (err: unknown) => {
      // Cancellation (workflow cancel, worker shutdown, heartbeat timeout): stop the group, keep the checkpoint.
      cancellation = { error: err };
      await run.stop(graceMs);
      throw err;
    });
    const outcome = await Promise.race([run.result, cancelled]);
    if (cancellation) {
      // The trainer's own "interrupted" exit may win the race: report the cancellation, once it has stopped,
      // so the workflow (which waits for it) closes as cancelled, or a shut-down worker's attempt is retried.
      await cancelled.catch(() => undefined);
      throw (cancellation as { error: unknown }).error;
    }
    if (outcome.kind === 'done') {
      const metrics = outcome.event.metrics;
      return {
        adapter_path: outcome.event.adapter_path,
        tokenizer_path: outcome.event.tokenizer_path,
        dry_run: false,
        metrics,
        resumed_from_step: resumedFrom,
        steps: outcome.event.steps,
        run_spec: settingsOf(spec),
        environment: outcome.event.environment ?? null,
      };
    }
    if (
      outcome.kind === 'error' &&
      outcome.event.kind === 'oom' &&
      config.trainer.oom_retry &&
      spec.per_device_batch_size > 1
    ) {
      // Same effective batch, half the activation memory: the next attempt reads this from the heartbeat.
      last = {
        ...last,
        batch: {
          per_device_batch_size: Math.floor(spec.per_device_batch_size / 2),
          gradient_accumulation_steps: spec.gradient_accumulation_steps * 2,
        },
      };
      ctx.heartbeat(last);
      metrics.trainerFailures.inc({ kind: 'oom' });
      throw ApplicationFailure.retryable(
        `trainer ran out of memory in run ${plan.runName} at micro-batch ${spec.per_device_batch_size}; retrying with ${last.batch!.per_device_batch_size} × ${last.batch!.gradient_accumulation_steps} accumulation (trainer.oom_retry)`,
        'TrainerOutOfMemoryRetry',
      );
    }
    throw failureFor(outcome, plan);
  } finally {
    clearInterval(heartbeatTimer);
    await run.stop(graceMs);
  }
}

/** The spec's trainer settings without the host-local paths: what metadata.json records as having run. */
export function settingsOf(spec: RunSpec): Partial<RunSpec> {
  const local = new Set<string>(HOST_PATHS);
  return Object.fromEntries(Object.entries(spec).filter(([key]) => !local.has(key)));
}

const HOST_PATHS = [
  'train_path',
  'eval_path',
  'adapter_dir',
  'tokenizer_dir',
  'checkpoints_dir',
  'resume_from_checkpoint',
  'compare_adapter_dir',
] as const satisfies readonly (keyof RunSpec)[];

function failureFor(outcome: Exclude<TrainerOutcome, { kind: 'done' }>, plan: RunPlan): ApplicationFailure {
  if (outcome.kind === 'crashed') {
    metrics.trainerFailures.inc({ kind: 'crashed' });
    return ApplicationFailure.retryable(
      `trainer exited (code ${outcome.exitCode ?? '-'}, signal ${outcome.signal ?? '-'}) without finishing run ${plan.runName}; retrying from the last checkpoint. Last stderr:\n${outcome.stderrTail.slice(-1500)}`,
      'TrainerCrashed',
    );
  }
  const { kind, message } = outcome.event;
  metrics.trainerFailures.inc({ kind });
  if (kind === 'bad_input')
    return ApplicationFailure.nonRetryable(
      `trainer refused run ${plan.runName}: ${message}`,
      'TrainerBadInputError',
    );
  if (kind === 'oom') {
    return ApplicationFailure.nonRetryable(
      `trainer ran out of memory in run ${plan.runName}: ${message}. Lower trainer.per_device_batch_size (raise gradient_accumulation_steps to keep the effective batch), lower trainer.max_seq_length, or set trainer.quantization: 4bit on CUDA`,
      'TrainerOutOfMemoryError',
    );
  }
  return ApplicationFailure.retryable(
    `trainer ${kind} in run ${plan.runName}: ${message}`,
    kind === 'interrupted' ? 'TrainerInterrupted' : 'TrainerInternalError',
  );
}
