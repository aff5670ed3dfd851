import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../config/load-config.js';
import { adapterProblems } from '../../learning/adapters/adapter-registry.js';
import { adapterName } from '../../learning/adapters/attribution.js';
import { LearningPipeline } from '../../learning/dataset/learning-pipeline.js';
import { readActiveAdapter } from '../../learning/adapters/overrides-file.js';
import { UsageError, errorMessage } from '../../shared/errors.js';
import { buildRolloutSpec, readEpisodes } from '../../trainer/rollout.js';
import { startRollout } from '../../trainer/run-trainer.js';
import { ensureTrainerPython } from '../../trainer/venv.js';
import { EXIT } from '../main.js';
import { helpExit, noExtraArguments, parseFlags, parseNonNegativeInt } from '../parse-flags.js';

export const AGENT_HELP = `Usage: agi-core agent run [--suite S] --episodes N [--attempts K] [--temperature T] [--seed K]

The reference agent: acts on training tasks of a suite with the active adapter (config/overrides.yaml; the
base model when none) and appends one record per episode to learning.dataset_path through LearningPipeline:
the seed's fields, success from the suite's checker (a lucky answer the tools did not produce is not a
success), the exact chat as messages and tools, and the adapter that acted as \`adapter\`. Before each batch
(learning.rollout.batch_size episodes; whole tasks with --attempts) it reads overrides.yaml again, so an
adapter activated or rolled back meanwhile acts from the next batch on. An active adapter whose folder is
missing or broken is not loaded: the agent acts with the base model, says so on stderr and stamps
\`adapter: base\` with \`adapter_fallback\`.

  --suite S        reasoning-gym:NAME[,NAME…] or python:package.module:factory (default learning.eval_suite)
  --episodes N     how many episodes to act on (N / K tasks with --attempts K)
  --attempts K     episodes per task, side by side (default 1; above 1 needs --temperature above 0): the
                   attempts at one task that succeed and fail are the pairs trajectory DPO trains on
  --temperature T  sampling temperature (default 0: greedy, deterministic)
  --seed K         which training tasks (default: a random seed, printed, so a run can be repeated)

Options: --config PATH`;

const FLAGS = {
  suite: { type: 'string' },
  episodes: { type: 'string' },
  attempts: { type: 'string' },
  temperature: { type: 'string' },
  seed: { type: 'string' },
  config: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What acts in the next batch: the active adapter if its folder is usable, else the base model and why. */
export async function actingAdapter(
  config: Config,
): Promise<{ name: string; dir: string | null; fallback: string | null }> {
  const active = await readActiveAdapter(config.learning.training_overrides_path);
  if (!active) return { name: 'base', dir: null, fallback: null };
  const dir = path.resolve(config.root, active);
  const problems = existsSync(dir) ? adapterProblems(dir) : [`${dir} does not exist`];
  if (problems.length === 0) return { name: adapterName(dir), dir, fallback: null };
  return {
    name: 'base',
    dir: null,
    fallback: `active adapter ${adapterName(dir)} not loaded (${problems.join('; ')}): acting with the base model`,
  };
}

export async function agentCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('agi-core agent', argv, FLAGS, true);
  const [sub, ...extra] = positionals;
  const helped = helpExit(values.help, sub, AGENT_HELP);
  if (helped !== null || !sub) return helped ?? EXIT.usage;
  if (sub !== 'run') throw new UsageError(`unknown agent command "${sub}": use run`);
  noExtraArguments('agi-core agent run', extra);
  const config = loadConfig(values.config);
  const suite = values.suite ?? config.learning.eval_suite;
  if (!suite)
    throw new UsageError(
      'no suite: pass --suite reasoning-gym:NAME[,NAME…] or python:package.module:factory, or set learning.eval_suite (docs/suites.md)',
    );
  if (!/^(reasoning-gym|python):\S+$/.test(suite))
    throw new UsageError(
      `--suite ${suite}: use reasoning-gym:NAME[,NAME…] or python:package.module:factory (docs/suites.md)`,
    );
  const episodes = parseNonNegativeInt('--episodes', values.episodes);
  if (!episodes) throw new UsageError('--episodes N is required, at least 1');
  const temperature = values.temperature === undefined ? 0 : Number(values.temperature);
  if (!Number.isFinite(temperature) || temperature < 0 || temperature > 10)
    throw new UsageError(`--temperature must be a number from 0 to 10, got "${values.temperature}"`);
  const attempts = parseNonNegativeInt('--attempts', values.attempts) ?? 1;
  if (attempts < 1) throw new UsageError('--attempts must be at least 1');
  if (attempts > 1 && temperature === 0)
    throw new UsageError(
      `--attempts ${attempts} at temperature 0 would repeat one greedy episode: add --temperature 0.8 (or drop --attempts)`,
    );
  if (episodes % attempts !== 0)
    throw new UsageError(
      `--episodes ${episodes} is not a multiple of --attempts ${attempts}: every task gets all its attempts (try --episodes ${Math.ceil(episodes / attempts) * attempts})`,
    );
  const seed = parseNonNegativeInt('--seed', values.seed) ?? Math.floor(Math.random() * 2 ** 31);
  process.stderr.write(
    `agi-core agent: ${episodes} episodes of ${suite} (seed ${seed}, temperature ${temperature}${attempts > 1 ? `, ${attempts} attempts per task` : ''}) into ${config.learning.dataset_path}\n`,
  );

  const python = await ensureTrainerPython(config.trainer.python);
  const pipeline = LearningPipeline.fromConfig(config);
  const work = await mkdtemp(path.join(os.tmpdir(), 'agi-core-agent-'));
  let interrupted = false;
  const stopAll: (() => Promise<void>)[] = [];
  const onSignal = () => {
    interrupted = true;
    process.stderr.write('\nagi-core agent: interrupted; finishing what is on disk\n');
    for (const stop of stopAll) void stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let done = 0;
  let tasksDone = 0;
  let successes = 0;
  try {
    while (done < episodes && !interrupted) {
      const acting = await actingAdapter(config);
      if (acting.fallback) process.stderr.write(`agi-core agent: ${acting.fallback}\n`);
      // A batch holds whole tasks, all their attempts side by side; `done` counts episodes, offsets count tasks.
      const batch = Math.min(
        Math.max(1, Math.floor(config.learning.rollout.batch_size / attempts)),
        episodes / attempts - tasksDone,
      );
      const resultsPath = path.join(work, `batch-${done}.jsonl`);
      const spec = buildRolloutSpec(config, {
        suite,
        split: 'train',
        seed,
        tasks: batch,
        offset: tasksDone,
        adapterPath: acting.dir,
        resultsPath,
        temperature,
        attempts,
      });
      const run = await startRollout({
        python,
        spec,
        specPath: path.join(work, `spec-${done}.json`),
        logPath: path.join(work, 'rollout.log'),
        onEvent: () => undefined,
      });
      stopAll.push(() => run.stop(config.trainer.kill_grace_seconds * 1000));
      const outcome = await run.result;
      // Whatever finished is appended, even when the batch failed or was interrupted: nothing acted is lost.
      const finished = await readEpisodes(resultsPath);
      for (const e of finished) {
        if (!e.record) continue;
        const record = { ...e.record, adapter: acting.name } as Record<string, unknown>;
        if (acting.fallback) record.adapter_fallback = acting.fallback;
        await pipeline.addExample(record as Parameters<LearningPipeline['addExample']>[0]);
        if (record.success === true) successes++;
      }
      await pipeline.flush();
      done += finished.length;
      if (outcome.kind !== 'done') {
        if (interrupted) break;
        const why =
          outcome.kind === 'error'
            ? outcome.event.message
            : `the rollout exited (code ${outcome.exitCode ?? '-'}): ${outcome.stderrTail.slice(-800)}`;
        if (outcome.kind === 'error' && outcome.event.kind === 'bad_input')
          throw new UsageError(`--suite / learning.eval_suite: ${why}`);
        throw new Error(`agent run stopped after ${done} episodes: ${why}`);
      }
      process.stderr.write(
        `agi-core agent: ${done}/${episodes} episodes, ${successes} successes (adapter ${acting.name})\n`,
      );
      // The next batch's offset assumes this one acted on all its tasks: a batch short of episodes would skip or
      // repeat tasks.
      if (finished.length !== batch * attempts)
        throw new Error(
          `the rollout finished a batch with ${finished.length} of its ${batch * attempts} episodes (${resultsPath})`,
        );
      tasksDone += batch;
    }
  } catch (err) {
    await pipeline.flush().catch(() => undefined);
    if (err instanceof UsageError) throw err;
    process.stderr.write(`agi-core agent: ${errorMessage(err)}\n`);
    return EXIT.failed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await rm(work, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify({ episodes: done, successes, seed, suite, attempts }) + '\n');
  return interrupted ? 130 : EXIT.ok;
}
