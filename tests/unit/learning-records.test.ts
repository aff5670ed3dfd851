import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetStats } from '../../src/learning/examples/dataset-stats.js';
import { fmix32, fnv1a32, mulAdd32 } from '../../src/learning/dataset/hash.js';
import {
  isSuccess,
  normalizeGoal,
  parseRecordLine,
  recordKey,
  RecordSchema,
} from '../../src/learning/dataset/record.js';
import {
  readActiveAdapter,
  portablePath,
  setActiveAdapter,
} from '../../src/learning/adapters/overrides-file.js';
import {
  chooseStrategy,
  scheduleTrainingIfReady,
  suggestedCommand,
} from '../../src/learning/dataset/scheduling.js';
import { isEvalKey } from '../../src/learning/examples/split.js';
import { toDpoPair, toKtoExample, toSftExample } from '../../src/learning/examples/formats.js';
import { makeProject } from '../helpers/project.js';

const rec = (over: Record<string, unknown>) => RecordSchema.parse({ goal: 'g', summary: 's', ...over });

describe('records', () => {
  it('parseRecordLine refuses non-objects and names the field at fault', () => {
    for (const text of ['[]', 'null', '3', '"x"'])
      expect(parseRecordLine(text)).toEqual({ ok: false, reason: 'not a JSON object' });
    expect(parseRecordLine('{"summary":"s"}')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^goal: /),
    });
    expect(parseRecordLine('{"goal":"g","summary":"s","plan":{}}')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^plan: /),
    });
    expect(parseRecordLine('{"goal":"g","summary":"s"}')).toMatchObject({ ok: true, record: { goal: 'g' } });
  });

  it('isSuccess: the flag wins; else every step ok, and no steps is not a success', () => {
    expect(isSuccess(rec({ success: false, execution: [{ success: true }] }))).toBe(false);
    expect(isSuccess(rec({ success: true, execution: [{ success: false }] }))).toBe(true);
    expect(isSuccess(rec({}))).toBe(false);
    expect(isSuccess(rec({ execution: [{ success: true }, { output: 'x' }] }))).toBe(true);
    expect(isSuccess(rec({ execution: [{ success: true }, { success: false }] }))).toBe(false);
    expect(isSuccess(rec({ execution: [{ success: true }, { error: 'boom' }] }))).toBe(false);
  });

  it('recordKey: the task_id when present (0 included), else a content hash that ignores unknown fields', () => {
    expect(recordKey(rec({ task_id: 0 }))).toBe('id:0');
    expect(recordKey(rec({ task_id: 'a' }))).toBe('id:a');
    const a = recordKey(rec({ extra: 1 }));
    expect(a).toMatch(/^sha:[0-9a-f]{32}$/);
    expect(recordKey(rec({ extra: 2 }))).toBe(a);
    expect(recordKey(rec({ summary: 't' }))).not.toBe(a);
    expect(recordKey(rec({ plan: [{ name: 'p' }] }))).not.toBe(a);
  });

  it('normalizeGoal folds case, width and runs of whitespace', () => {
    expect(normalizeGoal('  Deploy\t\tTHE  app\n')).toBe('deploy the app');
    expect(normalizeGoal('ＡＢＣ')).toBe('abc');
  });
});

describe('hashes and the split', () => {
  it('are stable forever (known values) and differ between the two hashes', () => {
    expect(fnv1a32('')).toBe(fmix32(0x811c9dc5));
    expect(fnv1a32('')).toBe(2872998923);
    // Pinned: a changed hash would move records between the train and eval splits of later runs.
    expect([fnv1a32('task-1'), fnv1a32('task-2'), mulAdd32(''), mulAdd32('task-1')]).toEqual([
      1572795129, 3098389455, 91794203, 1578279140,
    ]);
    expect(fnv1a32('ab')).not.toBe(fnv1a32('ba'));
    expect(mulAdd32('ab')).not.toBe(mulAdd32('ba'));
    expect(mulAdd32('a')).not.toBe(mulAdd32('b'));
    expect(fnv1a32('abc')).not.toBe(fnv1a32('abd'));
    expect(mulAdd32('abc')).not.toBe(mulAdd32('abd'));
    expect(fnv1a32('abc')).not.toBe(mulAdd32('abc'));
  });

  it('puts about eval_fraction of keys in eval, none at 0, all at 1', () => {
    const keys = Array.from({ length: 4000 }, (_, i) => `id:${i}`);
    const share = (f: number) => keys.filter((k) => isEvalKey(k, f)).length / keys.length;
    expect(share(0)).toBe(0);
    expect(share(-1)).toBe(0);
    expect(share(1)).toBe(1);
    expect(share(0.2)).toBeGreaterThan(0.17);
    expect(share(0.2)).toBeLessThan(0.23);
    expect(keys.filter((k) => isEvalKey(k, 0.2)).every((k) => isEvalKey(k, 0.5))).toBe(true);
  });
});

describe('formats', () => {
  const record = rec({
    goal: ' Fix the build ',
    context_summary: 'CI red',
    plan: [{ name: 'fetch', tool: 'ci', description: 'get the log', args: ['x'], kwargs: { v: true } }, {}],
    execution: [{ success: true, output: 'log' }, { success: false, error: 'timeout' }, { output: { n: 1 } }],
    summary: ' Done ',
  });

  it('SFT: the user turn is task, plan and execution; the assistant turn the summary', () => {
    expect(toSftExample(record)).toEqual({
      messages: [
        {
          role: 'user',
          content:
            'Goal: Fix the build\nContext: CI red\n\nPlan:\n1. fetch (ci): get the log args=["x"] {"v":true}\n2. step 2\n\n' +
            'Execution:\n1. ok: log\n2. failed: timeout\n3. ok: {"n":1}',
        },
        { role: 'assistant', content: 'Done' },
      ],
    });
    expect(toSftExample(rec({})).messages[0]!.content).toBe('Goal: g\n\nPlan: (none)\n\nExecution: (none)');
  });

  it('DPO: the shared context goes in the prompt only when both saw it; KTO keeps it in the prompt', () => {
    const other = rec({ goal: 'Fix the build', context_summary: 'CI green', summary: 'nope' });
    const pair = toDpoPair(record, other);
    expect(pair.prompt).toEqual([{ role: 'user', content: 'Goal: Fix the build' }]);
    expect(pair.chosen[0]!.content).toMatch(/^Context: CI red\n\nPlan:/);
    expect(pair.rejected[0]!.content).toBe(
      'Context: CI green\n\nPlan: (none)\n\nExecution: (none)\n\nSummary: nope',
    );
    const same = toDpoPair(record, rec({ goal: 'Fix the build', context_summary: ' CI red', summary: 'no' }));
    expect(same.prompt[0]!.content).toBe('Goal: Fix the build\nContext: CI red');
    expect(same.chosen[0]!.content).toMatch(/^Plan:\n/);
    expect(same.chosen[0]!.content).toMatch(/\n\nSummary: Done$/);
    expect(toKtoExample(record)).toMatchObject({
      prompt: [{ role: 'user', content: 'Goal: Fix the build\nContext: CI red' }],
      completion: [{ role: 'assistant', content: expect.stringMatching(/^Plan:\n.*\n\nSummary: Done$/s) }],
      label: false,
    });
  });
});

describe('dataset stats', () => {
  it('counts valid, unique, outcomes, goals, capped pairs, bad lines and the snapshot end', async () => {
    const lines = [
      { task_id: 1, goal: 'A', summary: 's', success: true },
      { task_id: 2, goal: 'a ', summary: 's', success: true },
      { task_id: 3, goal: 'A', summary: 's', success: false },
      { task_id: 4, goal: 'A', summary: 's', success: false },
      { task_id: 4, goal: 'A', summary: 's', success: false },
      { task_id: 5, goal: 'B', summary: 's', success: true },
    ].map((r) => JSON.stringify(r));
    const p = await makeProject({
      records: [...lines.slice(0, 3), '{bad', ...lines.slice(3), 'x', '{"torn"'].join('\n'),
    });
    const stats = await datasetStats(p.datasetPath, { maxPairsPerGoal: 3, maxBadLines: 1 });
    expect(stats).toMatchObject({
      valid: 6,
      unique: 5,
      duplicates: 1,
      successes: 3,
      failures: 2,
      goals: 2,
      dpo_pairs: 3, // A: 2 wins × 2 losses = 4, capped at 3; B: none
      bad_line_count: 2,
    });
    expect(stats.bad_lines).toEqual([{ line: 4, offset: expect.any(Number), reason: expect.any(String) }]);
    const text = await readFile(p.datasetPath, 'utf8');
    expect(stats.snapshot_offset).toBe(text.lastIndexOf('\n') + 1);
    expect((await datasetStats(p.datasetPath, { maxPairsPerGoal: 16 })).dpo_pairs).toBe(4);
  });
});

describe('scheduling', () => {
  it('scheduleTrainingIfReady: triggered at the threshold exactly, with the command to run', async () => {
    const p = await makeProject({ records: 3 });
    const at = (threshold: number) =>
      scheduleTrainingIfReady({
        datasetPath: p.datasetPath,
        threshold,
        strategy: 'dpo',
        displayPath: 'd.jsonl',
      });
    expect(await at(3)).toEqual({
      triggered: true,
      sample_count: 3,
      threshold: 3,
      command: 'agi-core-train --strategy=dpo --dataset=d.jsonl --require-threshold',
    });
    expect((await at(4)).triggered).toBe(false);
    const plain = await scheduleTrainingIfReady({
      datasetPath: p.datasetPath,
      threshold: 1,
      strategy: 'lora',
    });
    expect(plain.command).toBe(suggestedCommand('lora', p.datasetPath));
    expect(chooseStrategy({ dpo_pairs: 0, successes: 0, failures: 0 }, 1).strategy).toBe('lora');
  });
});

describe('overrides.yaml', () => {
  it('portablePath: relative inside the root, absolute outside it or at the root itself', () => {
    expect(portablePath('/p', '/p/models/a')).toBe('models/a');
    expect(portablePath('/p', '/q/a')).toBe('/q/a');
    expect(portablePath('/p', '/p')).toBe('/p');
    expect(portablePath('/p', '/p-other/a')).toBe('/p-other/a');
  });

  it('reads null without a file or value, keeps other keys, writes once, refuses YAML that is not a mapping', async () => {
    const p = await makeProject();
    const file = path.join(p.root, 'config', 'overrides.yaml');
    expect(await readActiveAdapter(file)).toBeNull();
    await writeFile(file, '# keep me\nmemory:\n  backend: sqlite\nlearning:\n  active_adapter_path: ""\n');
    expect(await readActiveAdapter(file)).toBeNull();
    expect(await setActiveAdapter(file, 'models/a')).toBe(true);
    expect(await setActiveAdapter(file, 'models/a')).toBe(false);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('# keep me');
    expect(text).toContain('backend: sqlite');
    expect(await readActiveAdapter(file)).toBe('models/a');
    await writeFile(file, '');
    expect(await setActiveAdapter(file, 'b')).toBe(true);
    expect(await readActiveAdapter(file)).toBe('b');
    await writeFile(file, '- a list\n');
    await expect(readActiveAdapter(file)).rejects.toThrow(/must hold a YAML mapping/);
    await writeFile(file, 'a: [\n');
    await expect(setActiveAdapter(file, 'c')).rejects.toThrow(/is not valid YAML/);
    await mkdir(path.join(p.root, 'dir.yaml'));
    await expect(readActiveAdapter(path.join(p.root, 'dir.yaml'))).rejects.toThrow(
      /dir\.yaml \(learning\.training_overrides_path\) is a directory, not a regular file/,
    );
  });
});
