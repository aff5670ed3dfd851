import path from 'node:path';
import { execa } from 'execa';
import { loadConfig } from '../../config/load-config.js';
import { UsageError } from '../../shared/errors.js';
import { ensureTrainerPython, exitDescription, TRAINER_DIR } from '../../trainer/venv.js';
import { EXIT } from '../main.js';
import { helpExit, parseFlags } from '../parse-flags.js';

export const TRAINER_HELP = `Usage: agi-core trainer <setup|tiny-model DIR|python|test> [options]

  setup           create the trainer's Python venv (torch, transformers, peft, trl) if it is missing
  tiny-model DIR  build a tiny random-weight chat model with tokenizer and chat template into DIR, offline
  python          print the trainer's Python interpreter path
  test            run the trainer's pytest suite with that interpreter

Options:
  --config PATH   config file (trainer.python picks another interpreter)
  --hidden-size N tiny-model width (default 64)
  -h, --help      this help`;

const FLAGS = {
  config: { type: 'string' },
  'hidden-size': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function trainerCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('agi-core trainer', argv, FLAGS, true);
  const sub = positionals[0];
  const helped = helpExit(values.help, sub, TRAINER_HELP);
  if (helped !== null || !sub) return helped ?? EXIT.usage;
  const config = loadConfig(values.config);
  const python = await ensureTrainerPython(config.trainer.python);
  if (sub === 'setup' || sub === 'python') {
    process.stdout.write(python + '\n');
    return EXIT.ok;
  }
  if (sub === 'tiny-model') {
    const dir = positionals[1];
    if (!dir) throw new UsageError('tiny-model needs the output folder: agi-core trainer tiny-model DIR');
    const hidden = values['hidden-size'] ?? '64';
    if (!/^\d{1,4}$/.test(hidden) || Number(hidden) < 8 || Number(hidden) > 4096 || Number(hidden) % 8 !== 0)
      throw new UsageError(`--hidden-size must be a multiple of 8 between 8 and 4096, got "${hidden}"`);
    const result = await execa(
      python,
      ['-m', 'agi_trainer', 'tiny-model', path.resolve(dir), '--hidden-size', hidden],
      { env: { PYTHONPATH: TRAINER_DIR, HF_HUB_OFFLINE: '1' }, reject: false },
    );
    if (result.exitCode === 2) {
      // The trainer checked the folder and sizes and said why in one line: pass it on as ours.
      const why = result.stderr.trim().split('\n').pop() ?? '';
      throw new UsageError(
        why.replace(/^agi_trainer tiny-model: /, '') || 'tiny-model refused its arguments',
      );
    }
    if (result.exitCode !== 0) {
      process.stderr.write(result.stderr + '\n');
      throw new Error(`building the tiny model into ${dir} failed: ${exitDescription(result)}`);
    }
    process.stdout.write(result.stdout + '\n');
    return EXIT.ok;
  }
  if (sub === 'test') {
    const opts = {
      cwd: TRAINER_DIR,
      env: { PYTHONPATH: TRAINER_DIR, HF_HUB_OFFLINE: '1', TOKENIZERS_PARALLELISM: 'false' },
      stdio: 'inherit',
      reject: false,
    } as const;
    // ruff (lint + format) first: cheap, and the same gate as the TypeScript side's eslint/prettier.
    for (const args of [
      ['check', '.'],
      ['format', '--check', '.'],
    ]) {
      if ((await execa(python, ['-m', 'ruff', ...args], opts)).exitCode !== 0) return EXIT.failed;
    }
    const result = await execa(python, ['-m', 'pytest', '-q', 'tests', ...positionals.slice(1)], opts);
    return result.exitCode === 0 ? EXIT.ok : EXIT.failed;
  }
  throw new UsageError(`unknown trainer command "${sub}": use setup, tiny-model, python or test`);
}
