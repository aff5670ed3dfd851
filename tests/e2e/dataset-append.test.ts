import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { countRecords } from '../../src/learning/dataset/readiness.js';
import { sampleRecords, toJsonl } from '../../src/learning/dataset/sample-records.js';
import { makeProject } from '../helpers/project.js';

const BIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');

/** The dataset's complete lines (none if it does not exist yet). */
async function linesOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(0, -1);
}

/** Polls until `check` holds; fails naming `what` if it does not within `ms`. */
async function until(what: string, check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `agi-core dataset append` with its stdin left open for the test to write to, stderr collected as it comes. */
function appendProcess(root: string, args: string[] = []) {
  const child: ResultPromise<{ cwd: string; reject: false; stdin: 'pipe' }> = execa(
    process.execPath,
    [BIN, 'dataset', 'append', ...args],
    { cwd: root, reject: false, stdin: 'pipe' },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr, write: (text: string | Buffer) => child.stdin.write(text) };
}

describe('agi-core dataset append streams to disk', () => {
  it('appends each learning.dataset_flush_batch records as they arrive, before stdin ends', async () => {
    const p = await makeProject({ set: { 'learning.dataset_flush_batch': 5 } });
    const records = toJsonl(sampleRecords(13, { seed: 3 }))
      .split('\n')
      .slice(0, -1);
    const run = appendProcess(p.root);
    // 4 records: under one batch; then the 5th completes it and it must reach disk while stdin is still open.
    run.write(records.slice(0, 4).join('\n') + '\n');
    run.write(records[4] + '\n');
    await until('the first batch of 5 on disk', async () => (await linesOf(p.datasetPath)).length >= 5);
    expect(await linesOf(p.datasetPath)).toHaveLength(5);
    run.write(records.slice(5, 10).join('\n') + '\n');
    await until('the second batch on disk', async () => (await linesOf(p.datasetPath)).length >= 10);
    expect(await linesOf(p.datasetPath)).toHaveLength(10);
    expect(run.child.exitCode).toBeNull(); // still reading
    // The last 3, a part batch, go at EOF.
    run.write(records.slice(10).join('\n') + '\n');
    run.child.stdin.end();
    const r = await run.child;
    expect(r.exitCode, run.stderr()).toBe(0);
    expect(run.stderr()).toMatch(/appended 13 record\(s\) to .*dataset\.jsonl; 0 bad line\(s\)/);
    const lines = await linesOf(p.datasetPath);
    expect(lines.map((l) => (JSON.parse(l) as { task_id: unknown }).task_id)).toEqual(
      records.map((l) => (JSON.parse(l) as { task_id: unknown }).task_id),
    );
  });

  it('SIGTERM mid-stream: the buffered records are flushed, the count reported, exit 143, every line whole', async () => {
    const p = await makeProject({ records: 2, set: { 'learning.dataset_flush_batch': 5 } });
    const records = toJsonl(sampleRecords(7, { seed: 4 }))
      .split('\n')
      .slice(0, -1);
    const run = appendProcess(p.root, ['--json']);
    run.write(records.slice(0, 5).join('\n') + '\n');
    await until('the first batch on disk', async () => (await linesOf(p.datasetPath)).length >= 2 + 5);
    // Two more records, buffered (under a batch); the bad line after them proves, on stderr, that both were read.
    run.write(records.slice(5).join('\n') + '\nnot json\n{"goal": "cut off mid-li');
    await until('line 8 reported', () => /stdin line 8: not valid JSON/.test(run.stderr()));
    expect(await linesOf(p.datasetPath)).toHaveLength(2 + 5);
    run.child.kill('SIGTERM');
    const r = await run.child;
    expect(r.exitCode, run.stderr()).toBe(143);
    expect(r.signal).toBeUndefined();
    expect(run.stderr()).toMatch(/SIGTERM: stopped reading; appended 7 record\(s\) to .*; 1 bad line\(s\)/);
    expect(run.stderr()).toMatch(
      /stdin line 9: 24 byte\(s\) without a newline when SIGTERM came \(not appended\)/,
    );
    expect(JSON.parse(r.stdout)).toMatchObject({
      appended: 7,
      bad_line_count: 1,
      bad_lines: [{ line: 8 }],
      interrupted: 'SIGTERM',
    });
    const text = await readFile(p.datasetPath, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(await countRecords(p.datasetPath, { useIndex: false })).toMatchObject({ valid: 9, bad: 0 });
  });

  it('SIGINT while waiting for input: the part batch is flushed, exit 130', async () => {
    const p = await makeProject({ set: { 'learning.dataset_flush_batch': 100 } });
    const run = appendProcess(p.root);
    run.write(toJsonl(sampleRecords(3, { seed: 5 })) + 'oops\n');
    await until('line 4 reported', () => /stdin line 4: not valid JSON/.test(run.stderr()));
    expect(await linesOf(p.datasetPath)).toHaveLength(0);
    run.child.kill('SIGINT');
    const r = await run.child;
    expect(r.exitCode, run.stderr()).toBe(130);
    expect(run.stderr()).toMatch(/SIGINT: stopped reading; appended 3 record\(s\)/);
    expect(await countRecords(p.datasetPath, { useIndex: false })).toMatchObject({ valid: 3, bad: 0 });
  });

  it('invalid UTF-8 on stdin is refused by line number, its neighbours appended, exit 1', async () => {
    const p = await makeProject();
    const [a, b, c] = toJsonl(sampleRecords(3, { seed: 6 })).split('\n');
    const input = Buffer.concat([
      // A BOM on line 1 and CRLF line ends are read as they are in a file.
      Buffer.from('\uFEFF' + a + '\r\n' + b + '\r\n'),
      // Line 3: a Latin-1 "é" inside a string; read with replacement characters it would pass as a record.
      Buffer.from('{"goal":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('","summary":"s"}\n' + c + '\n'),
    ]);
    const r = await execa(process.execPath, [BIN, 'dataset', 'append', '--json'], {
      cwd: p.root,
      input,
      reject: false,
    });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/stdin line 3: not valid UTF-8 \(not appended\)/);
    expect(JSON.parse(r.stdout)).toMatchObject({
      appended: 3,
      bad_line_count: 1,
      bad_lines: [{ line: 3, reason: 'not valid UTF-8' }],
    });
    const text = await readFile(p.datasetPath, 'utf8');
    expect(text).not.toContain('\uFFFD');
    expect(text).not.toContain('\r');
    expect(await countRecords(p.datasetPath, { useIndex: false })).toMatchObject({ valid: 3, bad: 0 });
  });
});
