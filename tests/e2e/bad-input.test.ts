import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, inject, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { freePort } from '../../src/shared/free-port.js';
import { makeProject } from '../helpers/project.js';

const AGI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const TRAIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core-train.js');
const run = (
  bin: string,
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
  more: { input?: string; uid?: number; gid?: number } = {},
) =>
  execa(process.execPath, [bin, ...args], {
    cwd,
    reject: false,
    env: { TEMPORAL_ADDRESS: '', ...env },
    ...more,
  });

/** Exit 2 and one line that names the thing to fix. */
function expectOneLine(r: { exitCode?: number; stderr: string }, message: RegExp) {
  expect(r.exitCode, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
}

describe('bad input gets one line naming the thing and exit 2', () => {
  it('a base model that is a file, or a folder without config.json, is refused before any conversion', async () => {
    const p = await makeProject({ records: 3 });
    await writeFile(path.join(p.root, 'model.bin'), 'not a model');
    const asFile = await makeProject({
      records: 3,
      set: { 'learning.training_base_model': path.join(p.root, 'model.bin') },
    });
    expectOneLine(
      await run(TRAIN, asFile.root, []),
      /learning\.training_base_model .*model\.bin is a file, not a model folder/,
    );
    const noConfig = await makeProject({ records: 3, set: { 'learning.training_base_model': 'storage' } });
    expectOneLine(
      await run(TRAIN, noConfig.root, []),
      /learning\.training_base_model .*storage has no config\.json, so it is not a transformers model folder/,
    );
    // Nothing was converted: no run folder exists.
    await expect(stat(path.join(noConfig.root, 'storage', 'learning', 'models'))).rejects.toThrow();
  });

  it('OS errors: a path that cannot be a folder is one line naming it and its flag or setting', async () => {
    const p = await makeProject({ records: 3 });
    await writeFile(path.join(p.root, 'afile'), 'a file, not a folder');
    expectOneLine(
      await run(AGI, p.root, ['trainer', 'tiny-model', 'afile/m']),
      /tiny-model DIR afile\/m: .*afile is a file, not a folder, so no folder can be made under it/,
    );
    expectOneLine(
      await run(AGI, p.root, ['trainer', 'tiny-model', 'x'.repeat(300)]),
      /tiny-model DIR x+: the name x+… is 300 bytes, more than file systems accept \(255\)/,
    );
    expectOneLine(
      await run(TRAIN, p.root, ['--dry-run', '--output-dir', 'afile/out']),
      /output dir .*afile\/out \(--output-dir, workflow input outputDir\): .*afile is a file, not a folder/,
    );
    expectOneLine(await run(AGI, p.root, ['report', '--out', 'afile/r.html']), /--out .*afile\/r\.html/);
    // A configured folder under a file: the learning worker refuses the run at readiness, naming the setting.
    const under = await makeProject({
      records: 3,
      set: { 'learning.training_output_dir': 'afile/models', 'learning.min_samples_for_training': 1 },
    });
    await writeFile(path.join(under.root, 'afile'), 'a file');
    const refused = await run(TRAIN, under.root, ['--dry-run']);
    expect(refused.exitCode, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(
      /failed: the runs folder .*afile\/models \(learning\.training_output_dir\): .*afile is a file, not a folder/,
    );
    // Refused once, not retried: no second attempt of the readiness step.
    expect(refused.stderr).not.toMatch(/attempt 2/);
    expect(JSON.parse(refused.stdout)).toMatchObject({ triggered: false, outcome: 'failed' });
  });

  it('~ and $VARS in configured paths are expanded, or refused when the variable is not set', async () => {
    const p = await makeProject({
      records: 3,
      set: { 'learning.dataset_path': '$AGI_TEST_DATA/dataset.jsonl' },
    });
    const expanded = await run(AGI, p.root, ['dataset', 'stats', '--json'], {
      AGI_TEST_DATA: path.join(p.root, 'storage', 'learning'),
    });
    expect(expanded.exitCode, expanded.stderr).toBe(0);
    expect(JSON.parse(expanded.stdout)).toMatchObject({ valid: 3 });
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'stats']),
      /learning\.dataset_path in .*default\.yaml: \$AGI_TEST_DATA\/dataset\.jsonl uses \$AGI_TEST_DATA, which is not set in the environment/,
    );
    const home = await makeProject({ set: { 'learning.dataset_path': '~/agi-core-no-such-dataset.jsonl' } });
    const shown = await run(AGI, home.root, ['config', 'show', '--json']);
    expect(shown.exitCode, shown.stderr).toBe(0);
    const rows = (JSON.parse(shown.stdout) as { values: { key: string; value: unknown }[] }).values;
    expect(rows.find((r) => r.key === 'learning.dataset_path')?.value).toBe(
      path.join(os.homedir(), 'agi-core-no-such-dataset.jsonl'),
    );
  });

  it('dataset stats|validate on a missing file or a directory', async () => {
    const p = await makeProject();
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'stats']),
      /dataset .*dataset\.jsonl \(learning\.dataset_path\) does not exist/,
    );
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'validate', '--dataset', p.root]),
      /\(--dataset\) is a directory: pass the \.jsonl file/,
    );
  });

  it('flags and variables out of range, and extra arguments', async () => {
    const p = await makeProject({ records: 3 });
    expectOneLine(
      await run(TRAIN, p.root, [
        '--dry-run',
        '--require-threshold',
        '--min-samples',
        '99999999999999999999999',
      ]),
      /--min-samples is too large/,
    );
    for (const limit of ['0', '-1', 'ten'])
      expectOneLine(
        await run(AGI, p.root, ['runs', 'list', `--limit=${limit}`]),
        new RegExp(`--limit must be a whole number of runs, at least 1, got "${limit}"`),
      );
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'append', 'extra.jsonl']),
      /agi-core dataset append takes no further arguments, got "extra.jsonl"/,
    );
    expectOneLine(
      await run(AGI, p.root, ['runs', 'show', 'some-id', 'extra']),
      /takes no further arguments, got "extra"/,
    );
    expectOneLine(
      await run(AGI, p.root, ['worker'], { AGI_CORE_METRICS_PORT: 'abc' }),
      /AGI_CORE_METRICS_PORT must be a port number/,
    );
    expectOneLine(
      await run(TRAIN, p.root, ['--dry-run'], { TEMPORAL_TLS: 'maybe' }),
      /TEMPORAL_TLS must be true, false, 1 or 0/,
    );
  });

  it('an embedded port taken by something else blames temporal.embedded.port, not temporal.address', async () => {
    const port = await freePort();
    const squatter = net.createServer((s) => s.destroy()).listen(port, '127.0.0.1');
    try {
      const p = await makeProject({ records: 3, set: { 'temporal.embedded.port': port } });
      const r = await run(TRAIN, p.root, ['--dry-run']);
      expectOneLine(r, /temporal\.embedded\.port: something that is not a Temporal server listens there/);
      expect(r.stderr).not.toMatch(/temporal\.address/);
    } finally {
      squatter.close();
    }
  });

  it('stdin with a BOM is read like a file with one; control characters from input are escaped, never echoed', async () => {
    const p = await makeProject();
    const bom = await run(
      AGI,
      p.root,
      ['dataset', 'append'],
      {},
      { input: '\uFEFF{"goal":"g","summary":"s"}\n' },
    );
    expect(bom.exitCode, bom.stderr).toBe(0);
    expect(JSON.parse((await readFile(p.datasetPath, 'utf8')).trim())).toEqual({
      goal: 'g',
      summary: 's',
      adapter: 'base',
    });

    const ansi = await run(AGI, p.root, ['dataset', 'append'], {}, { input: '\u001b[2J\u001b[31mred\r\n' });
    expect(ansi.exitCode).toBe(1);
    expect(ansi.stderr).toMatch(/stdin line 1: not valid JSON/);
    expect(ansi.stderr).toContain('\\x1b[2J');
    expect(ansi.stderr).not.toContain('\u001b');
    expect(ansi.stderr).not.toContain('\r');

    const flag = await run(AGI, p.root, ['runs', 'list', '--limit', '\u001b[31m9']);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain('\\x1b[31m9');
    expect(flag.stderr).not.toContain('\u001b');
  });

  it('a dataset folder this user cannot write is named, not the lock folder inside it, and nothing is written', async () => {
    const p = await makeProject({ records: 3 });
    const before = await readFile(p.datasetPath, 'utf8');
    const folder = path.dirname(p.datasetPath);
    await chmod(folder, 0o555);
    // Root writes anywhere: run the CLI as nobody then, the way an agent's service account meets a read-only mount.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    // nobody must reach the CLI and the project: every folder above them needs o+x (mkdtemp makes 0700 ones,
    // and a CI clone may sit in one). Granted for this test only, and put back.
    const restore: [string, number][] = [];
    if (asUser.uid !== undefined) {
      // The Node binary too: CI runs Node 24 from ~/.cache/agi-core (under a 0700 home).
      for (const start of [PACKAGE_ROOT, p.root, path.dirname(realpathSync(process.execPath))]) {
        for (let dir = start; ; dir = path.dirname(dir)) {
          const mode = (await stat(dir)).mode & 0o7777;
          if (!(mode & 0o001) && !restore.some(([d]) => d === dir)) {
            restore.push([dir, mode]);
            await chmod(dir, mode | 0o005);
          }
          if (dir === path.dirname(dir)) break;
        }
      }
    }
    try {
      const r = await run(
        AGI,
        p.root,
        ['dataset', 'append'],
        {},
        { input: '{"goal":"g","summary":"s"}\n', ...asUser },
      );
      expectOneLine(
        r,
        new RegExp(`cannot write ${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(EACCES\\)`),
      );
      expect(r.stderr).not.toMatch(/\.lock/);
      expect(await readFile(p.datasetPath, 'utf8')).toBe(before);
    } finally {
      await chmod(folder, 0o755);
      for (const [dir, mode] of restore.reverse()) await chmod(dir, mode);
    }
  });

  it('trainer: tiny-model sizes and folders, and a trainer.python that is not Python', async () => {
    const p = await makeProject({ set: { 'trainer.python': inject('trainerPython') } });
    expectOneLine(
      await run(AGI, p.root, ['trainer', 'tiny-model', 'm', '--hidden-size', '0']),
      /--hidden-size must be a multiple of 8 between 8 and 4096, got "0"/,
    );
    await writeFile(path.join(p.root, 'notes.txt'), 'keep me');
    expectOneLine(
      await run(AGI, p.root, ['trainer', 'tiny-model', 'notes.txt']),
      /notes\.txt is a file, not a folder: give a new or empty folder/,
    );
    expectOneLine(
      await run(AGI, p.root, ['trainer', 'tiny-model', 'config']),
      /config already holds files that are not a tiny model/,
    );
    expect(await readFile(path.join(p.root, 'notes.txt'), 'utf8')).toBe('keep me');

    // An interpreter that runs but is too old for torch 2.15.
    const old = path.join(p.root, 'python3.9');
    await writeFile(old, '#!/bin/sh\necho 3.9\n', { mode: 0o755 });
    const tooOld = await makeProject({ set: { 'trainer.python': old } });
    expectOneLine(
      await run(AGI, tooOld.root, ['trainer', 'python']),
      /trainer\.python .*python3\.9 is not Python 3\.11 or newer \(it printed "3\.9"\)/,
    );

    // A real Python 3.11+ without the trainer's packages (-S: no site-packages, whatever this machine holds):
    // named once, before any run, instead of a traceback from each.
    const bare = path.join(p.root, 'bare-python');
    await writeFile(bare, `#!/bin/sh\nexec ${JSON.stringify(inject('trainerPython'))} -S "$@"\n`, {
      mode: 0o755,
    });
    const noPackages = await makeProject({ set: { 'trainer.python': bare } });
    for (const sub of [['python'], ['tiny-model', 'm']]) {
      expectOneLine(
        await run(AGI, noPackages.root, ['trainer', ...sub]),
        /trainer\.python .*bare-python lacks the trainer's packages \(torch,transformers,peft,trl,accelerate,datasets,jsonschema\): install them into it \(pip install -r .*requirements\.lock\), or set trainer\.python to null/,
      );
    }

    const bad = await makeProject({ set: { 'trainer.python': '/etc/passwd' } });
    for (const sub of ['python', 'setup']) {
      const r = await run(AGI, bad.root, ['trainer', sub]);
      expectOneLine(
        r,
        /trainer\.python \/etc\/passwd is not a working Python interpreter \(could not be started: EACCES\)/,
      );
      expect(r.stdout).toBe('');
    }
  });

  it('an unreachable worker address is described in words, not Rust debug text', async () => {
    const p = await makeProject();
    const port = await freePort();
    const r = await run(AGI, p.root, ['worker', '--address', `127.0.0.1:${port}`]);
    expectOneLine(
      r,
      new RegExp(
        `worker cannot reach Temporal at 127\\.0\\.0\\.1:${port} \\(.*--address\\): connection refused$`,
        'm',
      ),
    );
    expect(r.stderr).not.toMatch(/tonic|Os \{|ConnectError/);
  });
});
