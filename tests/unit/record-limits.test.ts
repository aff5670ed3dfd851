import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { datasetCommand } from '../../src/cli/commands/dataset-command.js';
import { convertSnapshot } from '../../src/learning/examples/convert.js';
import { datasetStats } from '../../src/learning/examples/dataset-stats.js';
import { LearningPipeline } from '../../src/learning/dataset/learning-pipeline.js';
import { countRecords } from '../../src/learning/dataset/readiness.js';
import { parseRecordLine } from '../../src/learning/dataset/record.js';
import { MAX_RECORD_DEPTH, recordLimitProblem } from '../../src/learning/dataset/record-limits.js';
import { makeProject } from '../helpers/project.js';

/** `{"goal":"g","summary":"s","x":{"a":{"a":…"v"…}}}` with the record `depth` levels deep in all. */
function nestedLine(depth: number): string {
  const inner = depth - 1; // the record itself is level 1
  return `{"goal":"g","summary":"s","x":${'{"a":'.repeat(inner)}"v"${'}'.repeat(inner)}}`;
}

function reasonOf(text: string): string {
  const parsed = parseRecordLine(text);
  expect(parsed.ok).toBe(false);
  return parsed.ok ? '' : parsed.reason;
}

const good = (i: number) => JSON.stringify({ goal: `goal ${i}`, summary: 's', success: true, task_id: i });

describe('record limits: what validate accepts, a run can train on', () => {
  it('a lone UTF-16 surrogate in a string is a bad line naming the path and the character', () => {
    // JSON text "\ud800": valid JSON, not valid Unicode; pyarrow and the tokenizers refuse it.
    const line = String.raw`{"goal":"g","summary":"s","plan":[{"tool":"t","kwargs":{"note":"abcd\ud800e"}}]}`;
    expect(reasonOf(line)).toBe(
      String.raw`plan.0.kwargs.note: lone UTF-16 surrogate \ud800 at character 5: text that is not valid Unicode; re-encode it`,
    );
    // A low surrogate alone, after an astral character (one character, two UTF-16 units).
    expect(reasonOf(String.raw`{"goal":"\ud83d\ude00x\udc00","summary":"s"}`)).toBe(
      String.raw`goal: lone UTF-16 surrogate \udc00 at character 3: text that is not valid Unicode; re-encode it`,
    );
    // A high surrogate at the very end.
    expect(reasonOf(String.raw`{"goal":"g","summary":"s\ud83d"}`)).toMatch(
      /^summary: lone UTF-16 surrogate \\ud83d at character 2: /,
    );
  });

  it('a lone surrogate in a key is a bad line too, the key shown escaped', () => {
    expect(reasonOf(String.raw`{"goal":"g","summary":"s","messages_meta":{"no\udc00te":1}}`)).toBe(
      String.raw`messages_meta: key "no\udc00te": lone UTF-16 surrogate \udc00 at character 3: text that is not valid Unicode; re-encode it`,
    );
    expect(reasonOf(String.raw`{"goal":"g","summary":"s","\ud800":1}`)).toMatch(/^record: key "\\ud800": /);
    // A long key in the path is cut.
    expect(recordLimitProblem({ ['k'.repeat(100)]: 'x\ud800' })).toMatch(/^k{40}…: lone UTF-16 surrogate/);
  });

  it('valid surrogate pairs (emoji, astral scripts) pass', () => {
    const parsed = parseRecordLine(
      String.raw`{"goal":"g \ud83d\ude00 😀","summary":"𝄞","plan":[{"tool":"t"}]}`,
    );
    expect(parsed.ok).toBe(true);
  });

  it(`nesting: ${MAX_RECORD_DEPTH} levels pass, one more is a bad line naming where`, () => {
    expect(parseRecordLine(nestedLine(MAX_RECORD_DEPTH)).ok).toBe(true);
    const reason = reasonOf(nestedLine(MAX_RECORD_DEPTH + 1));
    expect(reason).toMatch(
      new RegExp(
        `^x(\\.a)+(\\.…\\.a)?: nested more than ${MAX_RECORD_DEPTH} levels deep \\(objects and arrays\\): the trainer's JSON reader \\(Arrow\\) stops at ${MAX_RECORD_DEPTH}; flatten it or store it as a JSON string$`,
      ),
    );
    // Arrays count as levels too.
    const arrays = `{"goal":"g","summary":"s","x":${'['.repeat(MAX_RECORD_DEPTH)}${']'.repeat(MAX_RECORD_DEPTH)}}`;
    expect(reasonOf(arrays)).toMatch(/^x(\.0)+\.…\.0: nested more than 64 levels deep/);
    const fits = `{"goal":"g","summary":"s","x":${'['.repeat(MAX_RECORD_DEPTH - 1)}${']'.repeat(MAX_RECORD_DEPTH - 1)}}`;
    expect(parseRecordLine(fits).ok).toBe(true);
  });

  it('an absurdly deep line (a million levels) is a bad line, not a stack overflow, and its path is cut short', () => {
    const line = nestedLine(1_000_000);
    const reason = reasonOf(line);
    expect(reason).toMatch(/^x(\.a)+\.…\.a: nested more than 64 levels deep/);
    expect(reason.length).toBeLessThan(400);
    const arrays = `{"goal":"g","summary":"s","x":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    expect(reasonOf(arrays)).toMatch(/nested more than 64 levels deep/);
  });

  it('a number JSON.parse turns into Infinity (1e999) is a bad line', () => {
    expect(reasonOf('{"goal":"g","summary":"s","plan":[{"tool":"t","args":[1,1e999]}]}')).toBe(
      'plan.0.args.1: number Infinity is not finite (a literal such as 1e999 overflows a 64-bit float); write a finite number or a string',
    );
    expect(reasonOf('{"goal":"g","summary":"s","timestamp":-1e999}')).toMatch(
      /^timestamp: number -Infinity is not finite/,
    );
    expect(parseRecordLine('{"goal":"g","summary":"s","timestamp":1.7976931348623157e308}').ok).toBe(true);
  });

  it('objects: cycles and non-plain values are left to jsonProblem; NaN is refused unless numbers are skipped', () => {
    const cyclic: Record<string, unknown> = { goal: 'g' };
    cyclic.self = cyclic;
    expect(recordLimitProblem(cyclic)).toBeNull();
    expect(recordLimitProblem({ at: new Date(0), m: new Map([[1, 2]]) })).toBeNull();
    expect(recordLimitProblem({ x: [NaN] })).toMatch(/^x\.0: number NaN is not finite/);
    expect(recordLimitProblem({ x: [NaN] }, { numbers: false })).toBeNull();
  });

  it('validation and conversion report each bad line by number and keep the good neighbours', async () => {
    const lines = [
      good(1),
      String.raw`{"goal":"g2","summary":"s\udfff"}`,
      good(3),
      nestedLine(200),
      good(5),
      '{"goal":"g6","summary":"s","n":1e999}',
      good(7),
    ];
    const p = await makeProject({ records: lines.join('\n') + '\n' });
    const stats = await datasetStats(p.datasetPath, { maxPairsPerGoal: 1, maxBadLines: 100 });
    expect(stats.valid).toBe(4);
    expect(stats.bad_lines.map((b) => b.line)).toEqual([2, 4, 6]);
    expect(stats.bad_lines[0]!.reason).toMatch(/^summary: lone UTF-16 surrogate \\udfff at character 2: /);
    expect(stats.bad_lines[1]!.reason).toMatch(/^x(\.a)+\.…\.a: nested more than 64 levels deep/);
    expect(stats.bad_lines[2]!.reason).toMatch(/^n: number Infinity is not finite/);
    const counts = await countRecords(p.datasetPath, { useIndex: false });
    expect(counts).toMatchObject({ valid: 4, bad: 3 });
    const converted = await convertSnapshot({
      datasetPath: p.datasetPath,
      offset: counts.offset,
      strategy: 'lora',
      outDir: path.join(p.root, 'converted'),
      evalFraction: 0,
      evalMinRecords: 1,
      maxPairsPerGoal: 1,
    });
    expect(converted.records).toBe(4);
    expect(converted.bad_lines.map((b) => b.line)).toEqual([2, 4, 6]);
    expect(converted.bad_lines[0]!.reason).toMatch(/lone UTF-16 surrogate \\udfff at character 2/);
    expect(converted.train_examples).toBe(4);
    const train = await readFile(converted.train_path, 'utf8');
    expect(train.trim().split('\n')).toHaveLength(4);
    expect(train).not.toMatch(/\\ud[89a-f]/i);
  });

  it('dataset append refuses the same lines, appends their neighbours, exits 1', async () => {
    const p = await makeProject();
    const input = [
      good(1),
      String.raw`{"goal":"g","summary":"s","plan":[{"tool":"t","kwargs":{"note":"abcd\ud800"}}]}`,
      nestedLine(100_000),
      '{"goal":"g","summary":"s","n":1e999}',
      good(5),
    ].join('\n');
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = await datasetCommand(['append', '--config', p.configPath], Readable.from([input]));
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(1);
    const kept = (await readFile(p.datasetPath, 'utf8')).trim().split('\n');
    expect(kept.map((l) => (JSON.parse(l) as { task_id: number }).task_id)).toEqual([1, 5]);
    const bad = stderr.filter((l) => l.includes('(not appended)'));
    expect(bad).toHaveLength(3);
    expect(bad[0]).toMatch(
      /stdin line 2: plan\.0\.kwargs\.note: lone UTF-16 surrogate \\ud800 at character 5/,
    );
    expect(bad[1]).toMatch(/stdin line 3: x\.a\.a.*: nested more than 64 levels deep/);
    expect(bad[2]).toMatch(/stdin line 4: n: number Infinity is not finite/);
  });

  it('LearningPipeline.addExample refuses the same records and buffers nothing', async () => {
    const p = await makeProject();
    const pipeline = new LearningPipeline(p.datasetPath, 100, { overridesPath: null });
    const base = { goal: 'g', summary: 's' };
    await expect(
      pipeline.addExample({ ...base, plan: [{ tool: 't', kwargs: { note: 'abcd\ud800' } }] }),
    ).rejects.toThrow(
      /^LearningPipeline\.addExample: plan\.0\.kwargs\.note: lone UTF-16 surrogate \\ud800 at character 5: /,
    );
    await expect(pipeline.addExample({ ...base, ['k\udc00']: 1 })).rejects.toThrow(
      /^LearningPipeline\.addExample: record: key "k\\udc00": lone UTF-16 surrogate/,
    );
    // Deep enough to overflow a recursive walk or JSON.stringify: refused by the bounded one, as a TypeError.
    let deep: Record<string, unknown> = { v: 1 };
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    await expect(pipeline.addExample({ ...base, plan: [{ tool: 't', args: deep }] })).rejects.toThrow(
      /^LearningPipeline\.addExample: plan\.0\.args(\.a)+\.…\.a: nested more than 64 levels deep/,
    );
    await expect(pipeline.addExample({ ...base, timestamp: Infinity })).rejects.toThrow(
      /record\.timestamp is Infinity, which JSON cannot hold/,
    );
    expect(pipeline.buffered).toBe(0);
    await pipeline.addExample(base);
    expect(pipeline.buffered).toBe(1);
  });
});

describe('record limits on files written by hand', () => {
  it('a dataset with only bad lines stays a usage error naming the first, never a crash', async () => {
    const p = await makeProject();
    await writeFile(p.datasetPath, nestedLine(500_000) + '\n');
    const counts = await countRecords(p.datasetPath, { useIndex: false });
    expect(counts).toMatchObject({ valid: 0, bad: 1 });
    await expect(
      convertSnapshot({
        datasetPath: p.datasetPath,
        offset: counts.offset,
        strategy: 'lora',
        outDir: path.join(p.root, 'd'),
        evalFraction: 0,
        evalMinRecords: 1,
        maxPairsPerGoal: 1,
      }),
    ).rejects.toThrow(
      /no valid records; 1 bad line\(s\), first at line 1: x\.a\.a.*nested more than 64 levels deep/,
    );
  });
});
