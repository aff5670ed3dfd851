import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendLines } from '../../src/shared/append.js';
import { AtomicLineWriter } from '../../src/learning/dataset/buffered-writer.js';
import { LearningPipeline } from '../../src/learning/dataset/learning-pipeline.js';
import { makeProject } from '../helpers/project.js';

describe('appending', () => {
  it('closes a torn tail with a newline before appending, and adds none after a complete line', async () => {
    const p = await makeProject();
    await appendLines(p.datasetPath, []);
    await expect(stat(p.datasetPath)).rejects.toThrow(/ENOENT/);
    await appendLines(p.datasetPath, ['{"a":1}', '{"a":2}']);
    expect(await readFile(p.datasetPath, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    await appendFile(p.datasetPath, '{"torn');
    await appendLines(p.datasetPath, ['{"a":3}']);
    expect(await readFile(p.datasetPath, 'utf8')).toBe('{"a":1}\n{"a":2}\n{"torn\n{"a":3}\n');
    await expect(appendLines(p.datasetPath, ['{"a":\n4}'])).rejects.toThrow(/must not contain a newline/);
  });

  it('LearningPipeline flushes every flushBatch records, in order, and names a bad field', async () => {
    const p = await makeProject();
    const pipeline = new LearningPipeline(p.datasetPath, 2);
    await pipeline.addExample({ goal: 'a', summary: 's' });
    expect(pipeline.buffered).toBe(1);
    await expect(stat(p.datasetPath)).rejects.toThrow(/ENOENT/);
    await pipeline.addExample({ goal: 'b', summary: 's' });
    expect(pipeline.buffered).toBe(0);
    expect((await readFile(p.datasetPath, 'utf8')).split('\n')).toHaveLength(3);
    await pipeline.addExample({ goal: 'c', summary: 's' });
    await pipeline.flush();
    expect((await readFile(p.datasetPath, 'utf8')).match(/"goal":"(\w)"/g)).toEqual([
      '"goal":"a"',
      '"goal":"b"',
      '"goal":"c"',
    ]);
    await expect(pipeline.addExample({ goal: 'd' } as never)).rejects.toThrow(
      /^LearningPipeline\.addExample: summary: /,
    );
    await expect(pipeline.addExample(null as never)).rejects.toThrow(
      /^LearningPipeline\.addExample: record: /,
    );
  });

  it('AtomicLineWriter publishes all lines at commit (past its 1 MiB buffer), nothing on abort', async () => {
    const p = await makeProject();
    await mkdir(path.join(p.root, 'out'));
    const file = path.join(p.root, 'out', 'lines.jsonl');
    const writer = await AtomicLineWriter.open(file);
    const line = 'x'.repeat(1000);
    for (let i = 0; i < 3000; i++) await writer.writeLine(`${i}${line}`);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    await writer.commit();
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines).toHaveLength(3001);
    expect(lines[2999]).toBe(`2999${line}`);
    const aborted = await AtomicLineWriter.open(path.join(p.root, 'out', 'gone.jsonl'));
    await aborted.writeLine('a');
    await aborted.abort();
    await expect(stat(path.join(p.root, 'out', 'gone.jsonl'))).rejects.toThrow(/ENOENT/);
  });
});
