import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { setActiveAdapter } from '../../src/learning/adapters/overrides-file.js';
import { makeProject } from '../helpers/project.js';

const NODE_WRITER = path.join(PACKAGE_ROOT, 'tests', 'fixtures', 'append-writer.ts');
const PYTHON_WRITER = path.join(PACKAGE_ROOT, 'tests', 'fixtures', 'python-writer.py');

/**
 * A writer of each kind appending `count` records in batches of `batch`, released together once both have
 * started (tsx takes a second longer than python3 to start: unreleased, one would finish before the other began).
 */
async function writers(dataset: string, tag: string, count: number, batch: number) {
  const gate = `${dataset}.gate${tag}`;
  const args = (id: string) => [dataset, id, String(count), String(batch), gate];
  const running = Promise.all([
    execa(process.execPath, ['--import', 'tsx', NODE_WRITER, ...args(`node${tag}`)], { cwd: PACKAGE_ROOT }),
    // python3 from PATH, as a Python agent runs; the package from the repository, not installed.
    execa('python3', [PYTHON_WRITER, ...args(`py${tag}`)], {
      cwd: PACKAGE_ROOT,
      env: { PYTHONPATH: path.join(PACKAGE_ROOT, 'python') },
    }),
  ]);
  while (!existsSync(`${gate}.node${tag}`) || !existsSync(`${gate}.py${tag}`))
    await new Promise((r) => setTimeout(r, 10));
  await writeFile(gate, '');
  await running;
}

type Line = { task_id: string; adapter?: string };

describe('a Python agent and a Node agent appending to one dataset', () => {
  it('interleave whole lines: every line valid, none torn, none lost, each stamped with the active adapter', async () => {
    const p = await makeProject();
    const overrides = path.join(p.root, 'config', 'overrides.yaml');
    // Written by the TypeScript side itself, so the Python reader sees exactly what `adapters activate` writes.
    await setActiveAdapter(overrides, 'storage/learning/models/2026-12-01T10-00-00-000Z/adapter');
    await writers(p.datasetPath, '', 600, 3);
    // A rollback to the base model, written as `active_adapter_path: null`: both stamp `base`.
    await setActiveAdapter(overrides, null);
    await writers(p.datasetPath, '-after', 40, 4);

    const text = await readFile(p.datasetPath, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    const records = lines.map((l) => JSON.parse(l) as Line); // throws on a torn or merged line
    expect(records).toHaveLength(2 * 600 + 2 * 40);
    const ids = records.map((r) => r.task_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const writer of ['node', 'py', 'node-after', 'py-after']) {
      const mine = records.filter((r) => new RegExp(`^w${writer}-\\d+$`).test(r.task_id));
      const count = writer.endsWith('after') ? 40 : 600;
      // Each writer's records, all there and in the order it added them.
      expect(mine.map((r) => r.task_id)).toEqual(Array.from({ length: count }, (_, i) => `w${writer}-${i}`));
      expect(new Set(mine.map((r) => r.adapter))).toEqual(
        new Set([writer.endsWith('after') ? 'base' : '2026-12-01T10-00-00-000Z']),
      );
    }
    // They really took turns: the first writers' lines are not two blocks one after the other.
    const first = records.slice(0, 1200).map((r) => (r.task_id.startsWith('wpy-') ? 'p' : 'n'));
    const switches = first.filter((w, i) => i > 0 && w !== first[i - 1]).length;
    expect(switches).toBeGreaterThan(4);
    // A Python line is the line JSON.stringify would write for the same record (compact, UTF-8, adapter last).
    const py = lines.find((l) => l.includes('"wpy-1"'))!;
    expect(py).toBe(JSON.stringify(JSON.parse(py)));
    expect(py).toContain('ünïcødé');
    expect(Object.keys(JSON.parse(py) as object).at(-1)).toBe('adapter');
  }, 180_000);
});
