import { readFile, writeFile, appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { appendLines } from '../../src/learning/append.js';
import { LearningPipeline } from '../../src/learning/learning-pipeline.js';
import { countRecords } from '../../src/learning/readiness.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { makeProject } from '../helpers/project.js';

const WRITER = path.join(PACKAGE_ROOT, 'tests', 'fixtures', 'append-writer.ts');
const TSX = [process.execPath, '--import', 'tsx'];

describe('appending to the dataset', () => {
  it('8 processes × 10,000 concurrent appends give exactly 80,000 valid, untorn lines', async () => {
    const p = await makeProject();
    await Promise.all(
      Array.from({ length: 8 }, (_, id) =>
        execa(TSX[0]!, [...TSX.slice(1), WRITER, p.datasetPath, String(id), '10000', '50'], {
          cwd: PACKAGE_ROOT,
        }),
      ),
    );
    const counts = await countRecords(p.datasetPath, { useIndex: false });
    expect(counts).toMatchObject({ valid: 80_000, bad: 0 });
    const ids = new Set(
      (await readFile(p.datasetPath, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { task_id: string }).task_id),
    );
    expect(ids.size).toBe(80_000);
  }, 300_000);

  it('a writer killed with -9 mid-flush leaves at most a partial last line, which the next append does not merge into', async () => {
    const p = await makeProject();
    const child = execa(TSX[0]!, [...TSX.slice(1), WRITER, p.datasetPath, 'k', '1000000', '1'], {
      cwd: PACKAGE_ROOT,
      reject: false,
    });
    // Let it write for a while, then kill it without warning.
    for (let i = 0; i < 200; i++) {
      const text = await readFile(p.datasetPath, 'utf8').catch(() => '');
      if (text.length > 200_000) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await child;
    // Simulate the worst case too: a torn last line.
    await appendFile(p.datasetPath, '{"task_id":"torn","goal":"half');
    const before = await countRecords(p.datasetPath, { useIndex: false });
    await appendLines(p.datasetPath, [JSON.stringify({ task_id: 'after', goal: 'g', summary: 's' })]);
    const after = await countRecords(p.datasetPath, { useIndex: false });
    expect(after.valid).toBe(before.valid + 1);
    expect(after.bad).toBe(1); // the torn line, reported, not merged
    const lines = (await readFile(p.datasetPath, 'utf8')).split('\n');
    expect(lines.at(-2)).toBe(JSON.stringify({ task_id: 'after', goal: 'g', summary: 's' }));
  }, 120_000);

  it('creates a missing parent folder on first append and refuses a directory', async () => {
    const p = await makeProject();
    const nested = path.join(p.root, 'storage', 'new', 'deeper', 'dataset.jsonl');
    const pipe = new LearningPipeline(nested, 2);
    await pipe.addExample({ goal: 'g', summary: 's' });
    expect(pipe.buffered).toBe(1);
    await pipe.flush();
    expect((await countRecords(nested)).valid).toBe(1);
    const dir = path.join(p.root, 'adir');
    await mkdir(dir);
    await expect(appendLines(dir, ['{}'])).rejects.toThrow(/is a directory/);
  });

  it('refuses a record that would be a bad line, naming the field', async () => {
    const p = await makeProject();
    const pipe = new LearningPipeline(p.datasetPath, 10);
    await expect(pipe.addExample({ goal: '', summary: 's' })).rejects.toThrow(/goal/);
    await writeFile(p.datasetPath, '');
  });
});
