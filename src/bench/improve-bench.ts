// npm run bench:improve [-- --generations 3 --episodes 64 --eval-tasks 500 --rows trajectory-sft,summary-sft
//   --suite S --attempts K --temperature T --base FILE --out DIR]: the real loop with the product's CLIs, per row
// from the same SmolLM2-135M-Instruct base: agent run (acting) → agi-core-train (training) → agi-core eval --adapter
// active (evaluating), G generations.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { PACKAGE_ROOT } from '../config/load-config.js';
import { cacheDir } from '../shared/go-build.js';
import type { EvalResult } from '../shared/eval-contract.js';
import type { EvalSummary } from '../shared/rollout-contract.js';
import { improvementPlot } from './improvement-plot.js';
import { benchProject } from './bench-project.js';
import type { Generation } from './improve-results.js';

// How each row acts unless --attempts/--temperature say otherwise: trajectory DPO needs several sampled attempts at
// a task to pair a success with a failure (at 0.8 SmolLM2 wandered off, 0/128 successes; at 0.3 it kept some, and
// 32 tasks × 4 gave 31 pairs); the other rows learn from greedy episodes, as an agent acts by default.
const ROWS = {
  'summary-sft': { example_format: 'summary', strategy: 'lora', attempts: 1, temperature: 0 },
  'trajectory-sft': { example_format: 'trajectory', strategy: 'lora', attempts: 1, temperature: 0 },
  'trajectory-dpo': { example_format: 'trajectory', strategy: 'dpo', attempts: 4, temperature: 0.3 },
  'trajectory-kto': { example_format: 'trajectory', strategy: 'kto', attempts: 1, temperature: 0 },
} as const;
type RowName = keyof typeof ROWS;

// Easy settings of two task families with different tools: SmolLM2-135M-Instruct succeeds on some of each at
// the start (measured 2026-12-06 on 250 held-out tasks each: chain_sum 25.6 %, letter_counting 9.2 %), so there
// is something to learn from.
const MIX =
  'reasoning-gym:chain_sum(min_terms=2,max_terms=2,min_digits=1,max_digits=2),letter_counting(min_words=1,max_words=3)';

const { values } = parseArgs({
  options: {
    generations: { type: 'string', default: '3' },
    episodes: { type: 'string', default: '64' },
    'eval-tasks': { type: 'string', default: '500' },
    rows: { type: 'string', default: Object.keys(ROWS).join(',') },
    suite: { type: 'string', default: MIX },
    // For every row, instead of its own setting (ROWS): attempts per task while acting (agent run --attempts;
    // above 1 needs a temperature above 0) and the sampling temperature.
    temperature: { type: 'string' },
    attempts: { type: 'string' },
    out: { type: 'string', default: path.join(PACKAGE_ROOT, 'bench', 'results') },
    // A results file of an earlier run on the same suite, seed and number of tasks: its base row is reused.
    base: { type: 'string' },
  },
});
const generations = Number(values.generations);
const episodes = Number(values.episodes);
const evalTasks = Number(values['eval-tasks']);
const rows = values.rows.split(',') as RowName[];
for (const r of rows)
  if (!(r in ROWS)) throw new Error(`--rows: unknown row ${r}; use ${Object.keys(ROWS).join(', ')}`);
const actingOf = (row: RowName) => ({
  attempts: values.attempts === undefined ? ROWS[row].attempts : Number(values.attempts),
  temperature: values.temperature === undefined ? ROWS[row].temperature : Number(values.temperature),
});
// Checked here, not by the first `agent run`: that starts after the base evaluation's quarter hour.
for (const row of rows) {
  const { attempts, temperature } = actingOf(row);
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error('--attempts: a whole number from 1');
  if (!(temperature >= 0)) throw new Error('--temperature: a number from 0');
  if (attempts > 1 && temperature === 0)
    throw new Error(
      `${row}: --attempts ${attempts} needs --temperature above 0 (attempts at temperature 0 are identical)`,
    );
  if (episodes % attempts !== 0)
    throw new Error(`${row}: --episodes ${episodes} is not a multiple of its ${attempts} attempts per task`);
}

const AGI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const TRAIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core-train.js');
const smol = path.join(cacheDir(), 'models', 'smollm2-135m-instruct');

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

async function cli(args: string[]) {
  const r = await execa(process.execPath, args, { reject: false, stderr: 'inherit' });
  if (r.exitCode !== 0) throw new Error(`${args.slice(1).join(' ')} exited ${r.exitCode}`);
  return r.stdout;
}

// The product's default training settings; only what this benchmark is about is set.
const project = (row: RowName) =>
  benchProject(`improve-${row}`, [
    '  dataset_path: storage/learning/dataset.jsonl',
    '  min_samples_for_training: 1',
    `  example_format: ${ROWS[row].example_format}`,
    `  training_base_model: ${smol}`,
    '  training_output_dir: storage/learning/models',
    '  training_metadata_path: storage/learning/models/latest.json',
    '  training_overrides_path: config/overrides.yaml',
    // Every run becomes active and is measured once, by the evaluating phase below (with learning.eval_suite
    // set, the workflow would also evaluate it and the adapter it replaces: twice the evaluation time).
    '  promotion_policy: always',
  ]);

await cli([AGI, 'trainer', 'base-model', smol]);
const started = new Date().toISOString();
const results: Record<string, Generation[]> = {};
let base: { summary: EvalSummary; seconds: number } | null = null;
if (values.base) {
  const earlier = JSON.parse(await readFile(values.base, 'utf8')) as {
    suite: string;
    eval_tasks: number;
    rows: Record<string, Generation[]>;
  };
  const first = Object.values(earlier.rows)[0]?.[0];
  if (earlier.suite !== values.suite || earlier.eval_tasks !== evalTasks || !first)
    throw new Error(
      `--base ${values.base}: another suite or number of held-out tasks; measure the base again`,
    );
  base = { summary: first.eval, seconds: first.evaluating_seconds };
}
for (const row of rows) {
  const config = await project(row);
  const evaluate = async (adapter: string) => {
    const out = await cli([
      AGI,
      'eval',
      '--config',
      config,
      '--suite',
      values.suite,
      '--adapter',
      adapter,
      '--tasks',
      String(evalTasks),
      '--json',
    ]);
    return (JSON.parse(out) as EvalResult).evaluations[0]!;
  };
  if (!base) {
    // The same held-out tasks for every row: the base model is measured once.
    const b = await timed(() => evaluate('base'));
    base = { summary: b.value, seconds: b.seconds };
    results[row] = [
      {
        generation: 0,
        eval: base.summary,
        acting_seconds: 0,
        training_seconds: 0,
        evaluating_seconds: base.seconds,
      },
    ];
    await writeResults();
  }
  const gens: Generation[] = [
    {
      generation: 0,
      eval: base.summary,
      acting_seconds: 0,
      training_seconds: 0,
      evaluating_seconds: base.seconds,
    },
  ];
  results[row] = gens;
  for (let g = 1; g <= generations; g++) {
    const acting = await timed(() =>
      cli([
        AGI,
        'agent',
        'run',
        '--config',
        config,
        '--suite',
        values.suite,
        '--episodes',
        String(episodes),
        '--seed',
        String(g),
        '--temperature',
        String(actingOf(row).temperature),
        '--attempts',
        String(actingOf(row).attempts),
      ]),
    );
    const acted = JSON.parse(acting.value) as { successes: number };
    const training = await timed(async () => {
      const r = await execa(process.execPath, [TRAIN, '--config', config, '--strategy', ROWS[row].strategy], {
        reject: false,
        stderr: 'inherit',
      });
      return r;
    });
    const trained = training.value.exitCode === 0;
    const evaluating = await timed(() => evaluate('active'));
    gens.push({
      generation: g,
      eval: evaluating.value,
      acting_seconds: acting.seconds,
      training_seconds: training.seconds,
      evaluating_seconds: evaluating.seconds,
      episodes_successes: acted.successes,
      trained,
      ...(trained ? {} : { note: `training failed: ${training.value.stdout.slice(0, 300)}` }),
    });
    process.stderr.write(
      `bench:improve ${row} generation ${g}: ${(evaluating.value.success_rate! * 100).toFixed(1)}% held-out (${acted.successes}/${episodes} while acting)\n`,
    );
    await writeResults();
  }
}
await writeResults();

async function writeResults() {
  await mkdir(values.out, { recursive: true });
  const stamp = started.replace(/[-:.]/g, '').slice(0, 15);
  const payload = {
    started,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    suite: values.suite,
    generations,
    episodes,
    eval_tasks: evalTasks,
    // How each row acted: attempts per task and sampling temperature.
    acting: Object.fromEntries(Object.keys(results).map((row) => [row, actingOf(row as RowName)])),
    rows: results,
  };
  await writeFile(path.join(values.out, `improve-${stamp}.json`), JSON.stringify(payload, null, 2) + '\n');
  await writeFile(path.join(values.out, `improve-${stamp}.svg`), improvementPlot(payload));
  process.stdout.write(JSON.stringify({ results: path.join(values.out, `improve-${stamp}.json`) }) + '\n');
}
