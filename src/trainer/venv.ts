import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { PACKAGE_ROOT } from '../config/load-config.js';
import { UsageError } from '../shared/errors.js';
import { cacheDir } from '../shared/go-build.js';
import { withDirLock } from '../shared/dir-lock.js';

export const TRAINER_DIR = path.join(PACKAGE_ROOT, 'trainer');
const LOCK_FILE = path.join(TRAINER_DIR, 'requirements.lock');

/** The managed venv lives in the machine cache, keyed by the lock file, so every clone shares one install. */
export function managedVenvDir(): string {
  const hash = createHash('sha256').update(readFileSync(LOCK_FILE)).digest('hex').slice(0, 12);
  return path.join(cacheDir(), `trainer-venv-${hash}`);
}

export function venvPython(dir: string): string {
  return path.join(dir, 'bin', 'python');
}

/** Returns the trainer's Python: the configured one, or the managed venv (created on first use, with progress). */
export async function ensureTrainerPython(
  configured: string | null,
  log = (l: string) => process.stderr.write(l + '\n'),
): Promise<string> {
  if (configured) {
    let check = checkedPythons.get(configured);
    if (!check) {
      check = checkPython(configured);
      checkedPythons.set(configured, check);
      check.catch(() => checkedPythons.delete(configured));
    }
    await check;
    return configured;
  }
  const dir = managedVenvDir();
  if (existsSync(path.join(dir, '.complete'))) return venvPython(dir);
  return withDirLock(`${dir}.lock`, async () => {
    if (existsSync(path.join(dir, '.complete'))) return venvPython(dir);
    await createVenv(dir, log);
    return venvPython(dir);
  });
}

const checkedPythons = new Map<string, Promise<void>>();

/** A configured interpreter must run and be a Python the trainer supports: say so now, not as "exit undefined". */
async function checkPython(python: string): Promise<void> {
  const fix =
    "point it at a python3 (3.11 or newer) with the trainer's packages, or set it to null for the managed venv";
  if (!existsSync(python)) throw new UsageError(`trainer.python ${python} does not exist: ${fix}`);
  const r = await execa(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
    reject: false,
    timeout: 60_000,
  });
  if (r.exitCode !== 0)
    throw new UsageError(
      `trainer.python ${python} is not a working Python interpreter (${exitDescription(r)}): ${fix}`,
    );
  const version = /^(\d+)\.(\d+)$/.exec(r.stdout.trim());
  if (!version || Number(version[1]) !== 3 || Number(version[2]) < 11)
    throw new UsageError(
      `trainer.python ${python} is not Python 3.11 or newer (it printed "${r.stdout.trim().slice(0, 40)}"): ${fix}`,
    );
  // Found, not imported (importing torch alone takes seconds): a missing package is named now, once, instead of
  // a traceback from every run.
  const probe =
    'import importlib.util as u, sys; print(",".join(m for m in sys.argv[1:] if u.find_spec(m) is None))';
  const packages = await execa(python, ['-c', probe, ...TRAINER_MODULES], { reject: false, timeout: 60_000 });
  if (packages.exitCode !== 0)
    throw new UsageError(
      `trainer.python ${python} could not be checked for the trainer's packages (${exitDescription(packages)}): ${fix}`,
    );
  const missing = packages.stdout.trim();
  if (missing)
    throw new UsageError(
      `trainer.python ${python} lacks the trainer's packages (${missing}): install them into it (pip install -r ${LOCK_FILE}), or set trainer.python to null for the managed venv`,
    );
}

/** What the trainer imports from its environment; checked in a configured trainer.python. */
const TRAINER_MODULES = ['torch', 'transformers', 'peft', 'trl', 'accelerate', 'datasets', 'jsonschema'];

/** How a child process ended, in words: its exit code, the signal that killed it, or why it never started. */
export function exitDescription(r: {
  exitCode?: number;
  signal?: string;
  code?: string;
  originalMessage?: string;
}): string {
  if (r.exitCode !== undefined) return `exit ${r.exitCode}`;
  if (r.signal) return `killed by ${r.signal}`;
  return `could not be started: ${r.code ?? r.originalMessage ?? 'unknown error'}`;
}

async function findUv(): Promise<string[] | undefined> {
  for (const candidate of [['uv'], ['python3', '-m', 'uv']]) {
    const r = await execa(candidate[0]!, [...candidate.slice(1), '--version'], { reject: false });
    if (r.exitCode === 0) return candidate;
  }
  return undefined;
}

async function createVenv(dir: string, log: (l: string) => void): Promise<void> {
  const tmp = `${dir}.partial`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  const started = Date.now();
  log(
    `agi-core: creating the trainer venv in ${dir} (torch, transformers, peft, trl; once per machine, a few minutes)…`,
  );
  const pipe = { stdout: 'inherit', stderr: 'inherit' } as const;
  let uv = await findUv();
  if (!uv) {
    log('agi-core: installing uv from PyPI (fast, cached installs)…');
    const r = await execa('python3', ['-m', 'pip', 'install', '--user', '--quiet', 'uv'], {
      reject: false,
      ...pipe,
    });
    if (r.exitCode === 0) uv = await findUv();
  }
  try {
    if (uv) {
      await execa(uv[0]!, [...uv.slice(1), 'venv', '--quiet', '--python', 'python3', tmp], pipe);
      await execa(
        uv[0]!,
        [...uv.slice(1), 'pip', 'install', '--python', venvPython(tmp), '-r', LOCK_FILE],
        pipe,
      );
    } else {
      await execa('python3', ['-m', 'venv', tmp], pipe);
      await execa(venvPython(tmp), ['-m', 'pip', 'install', '-r', LOCK_FILE], pipe);
    }
  } catch (err) {
    throw new UsageError(
      `creating the trainer venv failed (${(err as Error).message.split('\n')[0]}); check network access to PyPI and retry`,
      { cause: err },
    );
  }
  // venvs hold absolute paths: create in place? uv and venv both write the final path into scripts, but
  // we only ever run `bin/python -m …`, which works after a rename.
  await rename(tmp, dir);
  await execa('touch', [path.join(dir, '.complete')]);
  log(`agi-core: trainer venv ready (${Math.round((Date.now() - started) / 1000)} s)`);
}
