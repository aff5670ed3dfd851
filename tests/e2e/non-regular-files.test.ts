import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, PACKAGE_ROOT } from '../../src/config/load-config.js';
import { convertSnapshot } from '../../src/learning/examples/convert.js';
import { readRecords } from '../../src/learning/dataset/jsonl-reader.js';
import { LearningPipeline } from '../../src/learning/dataset/learning-pipeline.js';
import { readActiveAdapter, setActiveAdapter } from '../../src/learning/adapters/overrides-file.js';
import { countRecords } from '../../src/learning/dataset/readiness.js';
import { makeProject } from '../helpers/project.js';

const AGI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const TRAIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core-train.js');

/** Far above the second or so a refusal takes: only there so that a regression fails instead of hanging. */
const SAFETY_NET_MS = 20_000;

const run = (bin: string, cwd: string, args: string[], input?: string) =>
  execa(process.execPath, [bin, ...args], {
    cwd,
    reject: false,
    env: { TEMPORAL_ADDRESS: '' },
    timeout: SAFETY_NET_MS,
    // Without input, stdin is closed at once: a command blocks only on the path it was given.
    input: input ?? '',
  });

/** Exit 2 (not killed by the safety net) and one stderr line that names the thing to fix. */
function expectOneLine(r: { exitCode?: number; timedOut: boolean; stderr: string }, message: RegExp) {
  expect(r.timedOut, 'the command hung on a special file').toBe(false);
  expect(r.exitCode, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
}

async function mkfifo(file: string): Promise<string> {
  await rm(file, { force: true });
  await execa('mkfifo', [file]);
  return file;
}

const servers: net.Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

async function socketAt(file: string): Promise<string> {
  const server = net.createServer((c) => c.destroy());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(file, resolve));
  return file;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a dataset, config or overrides file that is not a regular file is refused before it is opened', () => {
  it('dataset stats|validate|append on a FIFO: exit 2, one line, no hang', async () => {
    const p = await makeProject({ records: 3 });
    const fifo = await mkfifo(path.join(p.root, 'storage', 'learning', 'pipe.jsonl'));
    const named = new RegExp(
      `dataset ${esc(fifo)} \\(--dataset\\) is a FIFO \\(named pipe\\), not a regular file: pass the \\.jsonl file`,
    );
    expectOneLine(await run(AGI, p.root, ['dataset', 'stats', '--dataset', fifo]), named);
    expectOneLine(await run(AGI, p.root, ['dataset', 'validate', '--dataset', fifo]), named);
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'append', '--dataset', fifo], '{"goal":"g","summary":"s"}\n'),
      new RegExp(
        `dataset ${esc(fifo)} \\(--dataset\\) is a FIFO \\(named pipe\\), not a regular file: pass the \\.jsonl file to append to \\(append creates it\\)`,
      ),
    );
    // The configured dataset is named by its key.
    await mkfifo(p.datasetPath);
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'validate']),
      /dataset .*dataset\.jsonl \(learning\.dataset_path\) is a FIFO \(named pipe\), not a regular file/,
    );
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'append'], '{"goal":"g","summary":"s"}\n'),
      /dataset .*dataset\.jsonl \(learning\.dataset_path\) is a FIFO \(named pipe\), not a regular file/,
    );
  });

  it('/dev/null (a character device) as the dataset: append would swallow every record; refused', async () => {
    const p = await makeProject({ records: 3 });
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'append', '--dataset', '/dev/null'], '{"goal":"g","summary":"s"}\n'),
      /dataset \/dev\/null \(--dataset\) is a character device, not a regular file: pass the \.jsonl file to append to/,
    );
    expect(existsSync('/dev/null.lock')).toBe(false);
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'stats', '--dataset', '/dev/null']),
      /dataset \/dev\/null \(--dataset\) is a character device, not a regular file: pass the \.jsonl file/,
    );
  });

  it('a socket as the dataset', async () => {
    const p = await makeProject({ records: 3 });
    const sock = await socketAt(path.join(p.root, 'storage', 'learning', 'sock.jsonl'));
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'stats', '--dataset', sock]),
      /\(--dataset\) is a socket, not a regular file: pass the \.jsonl file/,
    );
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'append', '--dataset', sock], '{"goal":"g","summary":"s"}\n'),
      /\(--dataset\) is a socket, not a regular file/,
    );
  });

  it('agi-core-train --dry-run with a FIFO dataset (flag or config) is refused before any workflow', async () => {
    const p = await makeProject({ records: 3 });
    const fifo = await mkfifo(path.join(p.root, 'storage', 'learning', 'pipe.jsonl'));
    expectOneLine(
      await run(TRAIN, p.root, ['--dry-run', '--dataset', fifo]),
      new RegExp(
        `dataset ${esc(fifo)} \\(--dataset\\) is a FIFO \\(named pipe\\), not a regular file: pass the \\.jsonl file`,
      ),
    );
    await mkfifo(p.datasetPath);
    expectOneLine(
      await run(TRAIN, p.root, ['--dry-run']),
      /dataset .*dataset\.jsonl \(learning\.dataset_path\) is a FIFO \(named pipe\), not a regular file/,
    );
  });

  it('a FIFO as the overrides file or the config file', async () => {
    const p = await makeProject({ records: 3 });
    const overrides = await mkfifo(path.join(p.root, 'config', 'overrides.yaml'));
    const named = new RegExp(
      `overrides file ${esc(overrides)} \\(learning\\.training_overrides_path\\) is a FIFO \\(named pipe\\), not a regular file`,
    );
    expectOneLine(await run(AGI, p.root, ['dataset', 'stats']), named);
    expectOneLine(await run(TRAIN, p.root, ['--dry-run']), named);
    const q = await makeProject({ records: 3 });
    const config = await mkfifo(path.join(q.root, 'config', 'fifo.yaml'));
    expectOneLine(
      await run(AGI, q.root, ['dataset', 'stats', '--config', config]),
      new RegExp(`config file ${esc(config)} is a FIFO \\(named pipe\\), not a regular file: pass --config`),
    );
  });

  it('in the worker (readiness, conversion, the reader, the overrides file) the same refusal, never a hang', async () => {
    const p = await makeProject({ records: 3 });
    const fifo = await mkfifo(p.datasetPath);
    const refused =
      /dataset .*dataset\.jsonl is a FIFO \(named pipe\), not a regular file: point learning\.dataset_path or --dataset at a \.jsonl file/;
    await expect(countRecords(fifo)).rejects.toThrow(refused);
    await expect(
      convertSnapshot({
        datasetPath: fifo,
        offset: 0,
        strategy: 'lora',
        outDir: path.join(p.root, 'converted'),
        evalFraction: 0,
        evalMinRecords: 1,
        maxPairsPerGoal: 1,
      }),
    ).rejects.toThrow(refused);
    await expect(readRecords(fifo).next()).rejects.toThrow(refused);
    // The library's writer too: LearningPipeline.flush never blocks on a FIFO waiting for a reader.
    const pipeline = new LearningPipeline(fifo, 1, { overridesPath: null });
    await expect(pipeline.addExample({ goal: 'g', summary: 's' })).rejects.toThrow(
      /dataset .*dataset\.jsonl \(learning\.dataset_path\) is a FIFO \(named pipe\), not a regular file/,
    );
    const overrides = await mkfifo(path.join(p.root, 'config', 'overrides.yaml'));
    await expect(readActiveAdapter(overrides)).rejects.toThrow(
      /overrides file .*overrides\.yaml \(learning\.training_overrides_path\) is a FIFO \(named pipe\), not a regular file/,
    );
    await expect(setActiveAdapter(overrides, 'x')).rejects.toThrow(/is a FIFO \(named pipe\)/);
    expect(() => loadConfig(p.configPath)).toThrow(/is a FIFO \(named pipe\)/);
    // A regular file there again reads as before.
    await rm(overrides);
    await writeFile(overrides, 'learning:\n  active_adapter_path: runs/a\n');
    expect(await readActiveAdapter(overrides)).toBe('runs/a');
  });
});
