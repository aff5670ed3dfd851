import { readFile, writeFile, appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { execa } from 'execa';
import { describe, expect, it, vi } from 'vitest';
import { datasetCommand } from '../../src/cli/commands/dataset-command.js';
import { appendIo, appendLines, DatasetWriteError, type AppendIo } from '../../src/shared/append.js';
import { decodeLine, LineSplitter } from '../../src/learning/dataset/line-splitter.js';
import { sampleRecords, toJsonl } from '../../src/learning/dataset/sample-records.js';
import { LearningPipeline } from '../../src/learning/dataset/learning-pipeline.js';
import { countRecords } from '../../src/learning/dataset/readiness.js';
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

/** An ENOSPC as write(2) reports it through Node. */
function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
}

/** A disk that fills up: the first write gets `room` bytes in (a short write), the next one fails with ENOSPC. */
function fullDisk(room: number): AppendIo {
  let calls = 0;
  return {
    write: async (handle, data, offset, length) => {
      if (calls++ > 0) throw enospc();
      return handle.write(data, offset, Math.min(length, room));
    },
    sync: (handle) => handle.sync(),
  };
}

describe('a write that fails (disk full) leaves the file exactly as it was before the batch', () => {
  it('a short write then ENOSPC: cut back to the bytes before, the error names the file, the setting and the cause', async () => {
    const p = await makeProject({ records: 3 });
    const before = await readFile(p.datasetPath);
    const lines = [JSON.stringify({ goal: 'g', summary: 'a' }), JSON.stringify({ goal: 'g', summary: 'b' })];
    const err = await appendLines(p.datasetPath, lines, '--dataset', fullDisk(17)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetWriteError);
    expect((err as DatasetWriteError).restored).toBe(true);
    expect((err as Error).message).toBe(
      `cannot append to ${p.datasetPath} (--dataset): ENOSPC (no space left on the device); none of the 2 line(s) being written were kept: the file is as it was before (${before.length} bytes)`,
    );
    expect((await readFile(p.datasetPath)).equals(before)).toBe(true);
    // The lock was let go: the next append goes through.
    await appendLines(p.datasetPath, lines);
    expect((await countRecords(p.datasetPath, { useIndex: false })).valid).toBe(5);
  });

  it('a torn last line stays as it was (the newline that would close it is cut too); a failed fsync is cut back as well', async () => {
    const torn = toJsonl(sampleRecords(2)) + '{"goal":"half';
    const p = await makeProject({ records: torn });
    const failedSync: AppendIo = {
      write: appendIo.write,
      sync: () => Promise.reject(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })),
    };
    await expect(
      appendLines(p.datasetPath, ['{"goal":"g","summary":"s"}'], undefined, fullDisk(1)),
    ).rejects.toThrow(/\(learning\.dataset_path\): ENOSPC/);
    expect(await readFile(p.datasetPath, 'utf8')).toBe(torn);
    await expect(
      appendLines(p.datasetPath, ['{"goal":"g","summary":"s"}'], undefined, failedSync),
    ).rejects.toThrow(/: EIO \(I\/O error\); none of the 1 line\(s\) being written were kept/);
    expect(await readFile(p.datasetPath, 'utf8')).toBe(torn);
  });

  it('short writes that succeed are carried on to the end of the batch', async () => {
    const p = await makeProject({ records: 1 });
    const before = await readFile(p.datasetPath, 'utf8');
    const trickle: AppendIo = {
      write: (handle, data, offset, length) => handle.write(data, offset, Math.min(length, 3)),
      sync: appendIo.sync,
    };
    const lines = sampleRecords(4, { seed: 2 }).map((r) => JSON.stringify(r));
    await appendLines(p.datasetPath, lines, undefined, trickle);
    expect(await readFile(p.datasetPath, 'utf8')).toBe(before + lines.join('\n') + '\n');
  });

  it('dataset append: the failed batch is not in the file, one line says how many were appended and where to resume', async () => {
    const p = await makeProject({ records: 2, set: { 'learning.dataset_flush_batch': 5 } });
    const input = toJsonl(sampleRecords(14, { seed: 7 }));
    // Batches 1 and 2 (lines 1-10) go in; batch 3 (lines 11-14, the part batch at EOF) meets a full disk.
    let writes = 0;
    const real = appendIo.write;
    const write = vi.spyOn(appendIo, 'write').mockImplementation(async (handle, data, offset, length) => {
      if (++writes <= 2) return real(handle, data, offset, length);
      if (writes === 3) return real(handle, data, offset, 40); // part of a line lands, then the disk is full
      throw enospc();
    });
    const stderr: string[] = [];
    const stdout: string[] = [];
    const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout.push(String(chunk));
      return true;
    });
    let code: number;
    let afterTwo = '';
    try {
      const first = await datasetCommand(['append', '--config', p.configPath], Readable.from([input]));
      expect(first).toBe(1);
      afterTwo = await readFile(p.datasetPath, 'utf8');
      // And the same through --json, from a fresh dataset: the summary carries the count and the error.
      await writeFile(p.datasetPath, '');
      writes = 0;
      code = await datasetCommand(['append', '--json', '--config', p.configPath], Readable.from([input]));
    } finally {
      write.mockRestore();
      errSpy.mockRestore();
      outSpy.mockRestore();
    }
    const kept = afterTwo.split('\n').slice(0, -1);
    expect(kept).toHaveLength(2 + 10);
    expect(toJsonl(sampleRecords(2)) + kept.slice(2).join('\n') + '\n').toBe(afterTwo); // no torn tail
    const failures = stderr.filter((l) => l.includes('cannot append'));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toBe(
      `agi-core dataset append: cannot append to the dataset ${p.datasetPath} (learning.dataset_path): ENOSPC (no space left on the device); 10 record(s) appended before it; the file is as it was before the batch of 4 from stdin line 11: send stdin again from line 11\n`,
    );
    expect(stderr.filter((l) => /appended 1\d record/.test(l) && !l.includes('cannot'))).toHaveLength(0);
    expect(code).toBe(1);
    expect(JSON.parse(stdout.join(''))).toMatchObject({
      appended: 10,
      bad_line_count: 0,
      error: expect.stringMatching(/ENOSPC/),
    });
    expect((await readFile(p.datasetPath, 'utf8')).split('\n')).toHaveLength(11);
  });
});

describe('LineSplitter: stdin as bytes, split on newlines', () => {
  it('joins a line split across chunks, numbers every line, gives a last line without newline at the end', () => {
    const s = new LineSplitter();
    const out = [
      ...s.push(Buffer.from('ab')),
      ...s.push(Buffer.from('c\n\nd\r\ne')),
      ...s.push(Buffer.from('f')),
    ];
    expect(out.map((l) => [l.line, l.bytes?.toString()])).toEqual([
      [1, 'abc'],
      [2, ''],
      [3, 'd\r'],
    ]);
    expect(s.unfinishedBytes).toBe(2);
    expect(s.end()).toMatchObject({ line: 4, bytes: Buffer.from('ef') });
    expect(s.end()).toBeUndefined();
    expect(decodeLine(out[2]!)).toEqual({ ok: true, text: 'd' });
  });

  it('keeps no more than its cap of a long line, and reports it by its length', () => {
    const s = new LineSplitter(8);
    const out = [...s.push(Buffer.alloc(6, 97)), ...s.push(Buffer.from('aaaaaa\nok\n'))];
    expect(out[0]).toEqual({ line: 1, tooLong: 12 });
    expect(decodeLine(out[0]!)).toEqual({
      ok: false,
      reason: 'a line of 12 bytes, too long to read as one string',
    });
    expect(decodeLine(out[1]!)).toEqual({ ok: true, text: 'ok' });
    expect(decodeLine({ line: 1, bytes: Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]) })).toEqual({
      ok: true,
      text: '{}',
    });
    expect(decodeLine({ line: 1, bytes: Buffer.from([0x7b, 0xc3, 0x7d]) })).toEqual({
      ok: false,
      reason: 'not valid UTF-8',
    });
  });
});

describe('an OS error on the way to the dataset is one line naming the path, the setting and the fix', () => {
  it('a file where a folder should be, and a name too long: no chmod fixes them, so the message does not say so', async () => {
    const p = await makeProject();
    const file = path.join(p.root, 'afile');
    await writeFile(file, 'not a folder');
    const err = await appendLines(path.join(file, 'dataset.jsonl'), ['{}'], 'learning.dataset_path').catch(
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      `cannot append to the dataset ${file}/dataset.jsonl (learning.dataset_path): cannot write ${file} (EEXIST): a part of the path is a file, not a folder; point learning.dataset_path at a .jsonl file in a folder`,
    );
    expect(await readFile(file, 'utf8')).toBe('not a folder');
    const long = path.join(p.root, 'x'.repeat(300), 'dataset.jsonl');
    const tooLong = await appendLines(long, ['{}'], '--dataset').catch((e: unknown) => e as Error);
    expect((tooLong as Error).message).toContain(
      '(ENAMETOOLONG): a name in the path is too long; point --dataset at',
    );
    expect((tooLong as Error).message.split('\n')).toHaveLength(1);
  });
});
