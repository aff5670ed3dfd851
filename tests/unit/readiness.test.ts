import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countRecords, indexPathFor } from '../../src/learning/dataset/readiness.js';
import { sampleRecords, toJsonl } from '../../src/learning/dataset/sample-records.js';
import { makeProject } from '../helpers/project.js';

describe('countRecords', () => {
  it('counts valid records, not lines', async () => {
    const p = await makeProject({ records: toJsonl(sampleRecords(5)) + '\n{bad\n' + '   \n' });
    const c = await countRecords(p.datasetPath);
    expect(c).toMatchObject({ valid: 5, bad: 1, scan: 'full' });
    expect(c.successes + c.failures).toBe(5);
  });

  it('reads only the new bytes on the next check', async () => {
    const p = await makeProject({ records: 20 });
    const first = await countRecords(p.datasetPath);
    await appendFile(p.datasetPath, toJsonl(sampleRecords(3, { seed: 5 })));
    const second = await countRecords(p.datasetPath);
    expect(second).toMatchObject({ valid: 23, scan: 'incremental' });
    expect(second.offset).toBeGreaterThan(first.offset);
  });

  it('does not count a partial last line until it is complete', async () => {
    const p = await makeProject({ records: 2 });
    await appendFile(p.datasetPath, '{"goal":"g","summ');
    expect((await countRecords(p.datasetPath)).valid).toBe(2);
    await appendFile(p.datasetPath, 'ary":"s"}\n');
    expect((await countRecords(p.datasetPath)).valid).toBe(3);
  });

  it('recounts from the start when the file was replaced by a shorter one', async () => {
    const p = await makeProject({ records: 30 });
    await countRecords(p.datasetPath);
    const tmp = p.datasetPath + '.new';
    await writeFile(tmp, toJsonl(sampleRecords(4, { seed: 2 })));
    await rename(tmp, p.datasetPath);
    expect(await countRecords(p.datasetPath)).toMatchObject({ valid: 4, scan: 'full' });
  });

  it('recounts when the file was rewritten in place with different bytes', async () => {
    const p = await makeProject({ records: 10 });
    await countRecords(p.datasetPath);
    await writeFile(p.datasetPath, toJsonl(sampleRecords(12, { seed: 3 })));
    expect(await countRecords(p.datasetPath)).toMatchObject({ valid: 12, scan: 'full' });
  });

  it('names a missing dataset and a dataset that is a directory', async () => {
    const p = await makeProject();
    await expect(countRecords(p.datasetPath)).rejects.toThrow(/dataset\.jsonl does not exist/);
    const dir = path.join(p.root, 'dir.jsonl');
    await mkdir(dir);
    await expect(countRecords(dir)).rejects.toThrow(/is a directory/);
  });
});

describe('countRecords: the index beside the dataset', () => {
  const lines = (n: number, success: boolean) =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ goal: `g${i}`, summary: 's', success })).join('\n') +
    '\n';

  it('counts successes and failures exactly, and an unchanged file is incremental with nothing new', async () => {
    const p = await makeProject({ records: lines(3, true) + lines(2, false) });
    expect(await countRecords(p.datasetPath)).toMatchObject({
      valid: 5,
      successes: 3,
      failures: 2,
      scan: 'full',
    });
    const again = await countRecords(p.datasetPath);
    expect(again).toMatchObject({ valid: 5, successes: 3, failures: 2, scan: 'incremental' });
    const index = JSON.parse(await readFile(indexPathFor(p.datasetPath), 'utf8')) as { tail_sha256: string };
    expect(index.tail_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('useIndex false neither reads nor writes the index', async () => {
    const p = await makeProject({ records: lines(2, true) });
    expect(await countRecords(p.datasetPath, { useIndex: false })).toMatchObject({ valid: 2, scan: 'full' });
    expect(existsSync(indexPathFor(p.datasetPath))).toBe(false);
    await countRecords(p.datasetPath);
    await appendFile(p.datasetPath, lines(1, false));
    expect(await countRecords(p.datasetPath, { useIndex: false })).toMatchObject({ valid: 3, scan: 'full' });
  });

  it('ignores an index of another file, a torn index, and one past the end of the file', async () => {
    const p = await makeProject({ records: lines(4, true) });
    await countRecords(p.datasetPath);
    const file = indexPathFor(p.datasetPath);
    const index = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...index, dataset: '/elsewhere.jsonl', valid: 99 }));
    expect(await countRecords(p.datasetPath)).toMatchObject({ valid: 4, scan: 'full' });
    await writeFile(file, JSON.stringify({ ...index, inode: 1, valid: 99 }));
    expect(await countRecords(p.datasetPath)).toMatchObject({ valid: 4, scan: 'full' });
    await writeFile(file, JSON.stringify({ ...index, offset: 10_000_000, valid: 99 }));
    expect(await countRecords(p.datasetPath)).toMatchObject({ valid: 4, scan: 'full' });
    await writeFile(file, '{"version":');
    expect(await countRecords(p.datasetPath)).toMatchObject({ valid: 4, scan: 'full' });
  });
});
