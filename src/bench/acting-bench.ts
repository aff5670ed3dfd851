// npm run bench:acting [-- --batch-sizes 8,64 --tasks 64 --suite S]: how fast the model acts at each
// learning.rollout.batch_size, through `agi-core eval --adapter base` (the product's own path: embedded stack, GPU
// activity, the trainer's rollout) on the same held-out tasks. Same tasks and greedy decoding: every batch size
// must give the same successes, which this checks.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { PACKAGE_ROOT } from '../config/load-config.js';
import type { EvalResult } from '../shared/eval-contract.js';
import { cacheDir } from '../shared/go-build.js';
import { benchProject } from './bench-project.js';

const { values } = parseArgs({
  options: {
    'batch-sizes': { type: 'string', default: '8,64' },
    tasks: { type: 'string', default: '64' },
    suite: {
      type: 'string',
      default: 'reasoning-gym:chain_sum(min_terms=2,max_terms=2,min_digits=1,max_digits=2)',
    },
  },
});
const sizes = values['batch-sizes'].split(',').map(Number);
const AGI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const smol = path.join(cacheDir(), 'models', 'smollm2-135m-instruct');

const project = (batchSize: number) =>
  benchProject(`acting-${batchSize}`, [
    `  training_base_model: ${smol}`,
    '  rollout:',
    `    batch_size: ${batchSize}`,
  ]);

await execa(process.execPath, [AGI, 'trainer', 'base-model', smol], { stderr: 'inherit' });
type Row = {
  batch_size: number;
  tasks: number;
  successes: number;
  seconds: number;
  seconds_per_task: number;
};
const rows: Row[] = [];
for (const size of sizes) {
  const config = await project(size);
  const t0 = performance.now();
  const r = await execa(
    process.execPath,
    [
      AGI,
      'eval',
      '--config',
      config,
      '--suite',
      values.suite,
      '--adapter',
      'base',
      '--tasks',
      values.tasks,
      '--json',
    ],
    { stderr: 'inherit' },
  );
  const seconds = (performance.now() - t0) / 1000;
  const summary = (JSON.parse(r.stdout) as EvalResult).evaluations[0]!;
  rows.push({
    batch_size: size,
    tasks: summary.tasks,
    successes: summary.successes,
    seconds: Number(seconds.toFixed(1)),
    seconds_per_task: Number((seconds / summary.tasks).toFixed(3)),
  });
  process.stderr.write(
    `bench:acting batch_size ${size}: ${seconds.toFixed(1)} s for ${summary.tasks} tasks\n`,
  );
}
const same = rows.every((row) => row.successes === rows[0]!.successes);
process.stdout.write(
  JSON.stringify(
    {
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`,
      suite: values.suite,
      rows,
      same_successes_at_every_batch_size: same,
    },
    null,
    2,
  ) + '\n',
);
if (!same) process.exitCode = 1;
