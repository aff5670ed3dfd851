import { existsSync } from 'node:fs';
import { appendFile, readFile, stat, writeFile, truncate } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertSnapshot, type ConvertOptions } from '../../src/learning/examples/convert.js';
import { countRecords, snapshotTailHash } from '../../src/learning/dataset/readiness.js';
import { sampleRecords, toJsonl } from '../../src/learning/dataset/sample-records.js';
import { makeProject } from '../helpers/project.js';

async function setup(text: string) {
  const p = await makeProject({ records: text });
  const counts = await countRecords(p.datasetPath);
  const options = (over: Partial<ConvertOptions> = {}): ConvertOptions => ({
    datasetPath: p.datasetPath,
    offset: counts.offset,
    strategy: 'lora',
    outDir: path.join(p.root, 'run', 'data'),
    evalFraction: 0.2,
    evalMinRecords: 20,
    maxPairsPerGoal: 16,
    ...over,
  });
  return { p, counts, options };
}

describe('convertSnapshot', () => {
  it('converts only the snapshot prefix; appends during the run change nothing', async () => {
    const { p, options } = await setup(toJsonl(sampleRecords(40)));
    await appendFile(p.datasetPath, toJsonl(sampleRecords(10, { seed: 9 })));
    const result = await convertSnapshot(options());
    expect(result.records).toBe(40);
    expect(result.train_examples + result.eval_examples).toBe(40);
    expect(result.eval_examples).toBeGreaterThan(0);
    const train = (await readFile(result.train_path, 'utf8')).trim().split('\n');
    expect(JSON.parse(train[0]!)).toHaveProperty('messages');
  });

  it('is byte-identical for the same bytes, and a retry reuses the published output', async () => {
    const { p, options } = await setup(toJsonl(sampleRecords(30)));
    const a = await convertSnapshot(options({ outDir: path.join(p.root, 'a') }));
    const b = await convertSnapshot(options({ outDir: path.join(p.root, 'b') }));
    expect(await readFile(a.train_path)).toEqual(await readFile(b.train_path));
    expect(a.sha256).toBe(b.sha256);
    const again = await convertSnapshot(options({ outDir: path.join(p.root, 'a') }));
    expect(again).toEqual(a);
  });

  it('counts duplicate task_ids once and reports bad lines with their numbers', async () => {
    const recs = sampleRecords(5);
    const text = toJsonl([...recs, recs[0]]) + '{broken\n' + toJsonl(sampleRecords(1, { seed: 3 }));
    const { options } = await setup(text);
    const result = await convertSnapshot(options());
    expect(result.records).toBe(6);
    expect(result.duplicates).toBe(1);
    expect(result.bad_line_count).toBe(1);
    expect(result.bad_lines[0]).toMatchObject({ line: 7 });
    expect(result.eval_note).toMatch(/no eval split/);
    expect(result.eval_path).toBeNull();
  });

  it('pairs every success with every failure of the same goal for DPO, capped per goal', async () => {
    const { options } = await setup(toJsonl(sampleRecords(64)));
    const uncapped = await convertSnapshot(options({ strategy: 'dpo', evalFraction: 0 }));
    const capped = await convertSnapshot(
      options({ strategy: 'dpo', evalFraction: 0, maxPairsPerGoal: 2, outDir: options().outDir + '2' }),
    );
    expect(uncapped.train_examples).toBeGreaterThan(capped.train_examples);
    expect(capped.train_examples).toBeLessThanOrEqual(8 * 2);
    const line = JSON.parse((await readFile(uncapped.train_path, 'utf8')).split('\n')[0]!) as Record<
      string,
      unknown
    >;
    expect(Object.keys(line).sort()).toEqual(['chosen', 'prompt', 'rejected']);
  });

  it('puts the success first in every DPO pair: exact pairs per goal on a hand-made dataset, with and without the cap', async () => {
    const rec = (goal: string, outcome: 'WIN' | 'LOSS', n: number) => ({
      task_id: `${goal}-${outcome}-${n}`,
      goal,
      summary: `${outcome} ${goal} #${n}`,
      success: outcome === 'WIN',
    });
    const records = [
      ...[1, 2].map((n) => rec('Deploy A', 'WIN', n)),
      ...[1, 2, 3].map((n) => rec('Deploy A', 'LOSS', n)),
      rec('Deploy B', 'LOSS', 1),
      rec('Deploy B', 'WIN', 1),
      ...[1, 2].map((n) => rec('Deploy C', 'WIN', n)),
      ...[1, 2].map((n) => rec('Deploy D', 'LOSS', n)),
    ];
    const { options } = await setup(toJsonl(records));
    const pairsOf = async (over: Partial<ConvertOptions>) => {
      const result = await convertSnapshot(options({ strategy: 'dpo', evalFraction: 0, ...over }));
      const text = await readFile(result.train_path, 'utf8');
      const pairs = text
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as {
              prompt: { content: string }[];
              chosen: { content: string }[];
              rejected: { content: string }[];
            },
        );
      expect(result.train_examples).toBe(pairs.length);
      for (const pair of pairs) {
        const goal = /Goal: (.*)/.exec(pair.prompt[0]!.content)![1]!;
        expect(pair.chosen[0]!.content).toMatch(new RegExp(`Summary: WIN ${goal} #\\d`));
        expect(pair.rejected[0]!.content).toMatch(new RegExp(`Summary: LOSS ${goal} #\\d`));
      }
      const perGoal: Record<string, number> = {};
      for (const pair of pairs)
        perGoal[pair.prompt[0]!.content] = (perGoal[pair.prompt[0]!.content] ?? 0) + 1;
      return {
        perGoal,
        distinct: new Set(pairs.map((p) => p.chosen[0]!.content + p.rejected[0]!.content)).size,
      };
    };
    // Every success of a goal against every failure of it: A 2×3 = 6, B 1×1 = 1, C and D none.
    expect(await pairsOf({})).toEqual({ perGoal: { 'Goal: Deploy A': 6, 'Goal: Deploy B': 1 }, distinct: 7 });
    expect(await pairsOf({ maxPairsPerGoal: 2, outDir: options().outDir + '-capped' })).toEqual({
      perGoal: { 'Goal: Deploy A': 2, 'Goal: Deploy B': 1 },
      distinct: 3,
    });
  });

  it('writes one KTO example per unique record: prompt = goal and context, completion = the attempt, label = success', async () => {
    const records = [
      { task_id: 'a', goal: 'Deploy A', context_summary: 'prod', summary: 'WIN a', success: true },
      { task_id: 'b', goal: 'Deploy B', summary: 'LOSS b', success: false, plan: [{ name: 'push' }] },
      { task_id: 'c', goal: 'Deploy C', summary: 'by steps', execution: [{ success: true, output: 'ok' }] },
    ];
    const { options } = await setup(toJsonl([...records, records[0]]));
    const result = await convertSnapshot(options({ strategy: 'kto', evalFraction: 0 }));
    expect(result).toMatchObject({ strategy: 'kto', records: 3, duplicates: 1, train_examples: 3 });
    const rows = (await readFile(result.train_path, 'utf8'))
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            prompt: { content: string }[];
            completion: { content: string }[];
            label: boolean;
          },
      );
    expect(rows.map((r) => [r.prompt[0]!.content, r.label])).toEqual([
      ['Goal: Deploy A\nContext: prod', true],
      ['Goal: Deploy B', false],
      ['Goal: Deploy C', true],
    ]);
    expect(rows[1]!.completion[0]!.content).toBe('Plan:\n1. push\n\nExecution: (none)\n\nSummary: LOSS b');
  });

  it('refuses KTO with one outcome only, naming the missing label and suggesting lora, and publishes nothing', async () => {
    const { options } = await setup(toJsonl([{ goal: 'g', summary: 's', success: true }]));
    await expect(convertSnapshot(options({ strategy: 'kto' }))).rejects.toThrow(
      /KTO needs both outcomes, .* has 1 success\(es\) and 0 failure\(s\): no failure \(success: false\) record\. Use --strategy lora/,
    );
    expect(existsSync(path.join(options().outDir, 'train.jsonl'))).toBe(false);
  });

  it('refuses DPO without a success/failure pair, saying pairs are needed', async () => {
    const onlyWins = sampleRecords(20).map((r) => ({
      ...r,
      success: true,
      execution: [{ success: true, output: 'ok' }],
    }));
    const { options } = await setup(toJsonl(onlyWins));
    await expect(convertSnapshot(options({ strategy: 'dpo' }))).rejects.toThrow(
      /DPO needs at least one success and one failure of the same goal/,
    );
  });

  it('notices a dataset truncated below the snapshot', async () => {
    const { p, options } = await setup(toJsonl(sampleRecords(10)));
    await truncate(p.datasetPath, 50);
    await expect(convertSnapshot(options())).rejects.toThrow(/truncated or replaced/);
  });

  it('refuses a snapshot rewritten since readiness (same size or longer), naming the file, and writes nothing', async () => {
    const { p, counts, options } = await setup(toJsonl(sampleRecords(10)));
    const tailSha256 = await snapshotTailHash(p.datasetPath, counts.offset);
    const expected = { valid: counts.valid, tailSha256 };
    // Replaced by other records of the same shape: the bytes before the snapshot end differ.
    await writeFile(p.datasetPath, toJsonl(sampleRecords(12, { seed: 5 })));
    const refused = convertSnapshot(options({ expected }));
    await expect(refused).rejects.toThrow(/changed since readiness: the bytes before its snapshot end/);
    await expect(refused).rejects.toThrow(p.datasetPath);
    expect(existsSync(path.join(options().outDir, 'train.jsonl'))).toBe(false);
  });

  it('refuses a prefix that now holds other records than readiness counted', async () => {
    const recs = sampleRecords(10);
    const { p, counts, options } = await setup(toJsonl(recs));
    // A record in the middle spoilt in place (same length: the tail is untouched, the count is not).
    const text = toJsonl(recs);
    const at = text.indexOf('"goal"', text.length / 3);
    await writeFile(p.datasetPath, text.slice(0, at) + '"gaol"' + text.slice(at + 6));
    const expected = {
      valid: counts.valid,
      tailSha256: await snapshotTailHash(p.datasetPath, counts.offset),
    };
    await expect(convertSnapshot(options({ expected }))).rejects.toThrow(
      /changed since readiness: its first \d+ bytes now hold 9 valid records, not the 10 the run counted; start a new run/,
    );
  });

  it('names the path of a missing dataset', async () => {
    const { p, options } = await setup('');
    await expect(convertSnapshot(options({ datasetPath: path.join(p.root, 'nope.jsonl') }))).rejects.toThrow(
      /nope\.jsonl does not exist/,
    );
    await writeFile(p.datasetPath, '');
  });
});

describe('KeySet', () => {
  it('tells new keys from seen ones across growth', async () => {
    const { KeySet } = await import('../../src/learning/dataset/key-set.js');
    const set = new KeySet();
    for (let i = 0; i < 50_000; i++) expect(set.add(`id:task-${i}`)).toBe(true);
    for (let i = 0; i < 50_000; i += 7) expect(set.add(`id:task-${i}`)).toBe(false);
    expect(set.size).toBe(50_000);
  });
});

describe('conversion reuse and eval notes', () => {
  it('reuses a manifest only for the same offset, strategy and bytes', async () => {
    const { p, options } = await setup(toJsonl(sampleRecords(30)));
    const first = await convertSnapshot(options());
    const train = path.join(options().outDir, 'train.jsonl');
    const marker = (await stat(train)).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    expect(await convertSnapshot(options())).toEqual(first);
    expect((await stat(train)).mtimeMs).toBe(marker);
    // Same length, other bytes: the manifest's sha no longer matches, so it converts again.
    const text = await readFile(p.datasetPath, 'utf8');
    await writeFile(p.datasetPath, text.replace(/a/, 'b'));
    const redone = await convertSnapshot(options());
    expect(redone.sha256).not.toBe(first.sha256);
    const dpo = await convertSnapshot(options({ strategy: 'dpo' }));
    expect(dpo.strategy).toBe('dpo');
    await writeFile(path.join(options().outDir, 'manifest.json'), '{"torn');
    expect((await convertSnapshot(options())).strategy).toBe('lora');
  });

  it('says why there is no eval split: fraction 0, too few examples, or every key hashed to eval', async () => {
    const { options } = await setup(toJsonl(sampleRecords(25)));
    expect((await convertSnapshot(options({ evalFraction: 0 }))).eval_note).toBe('eval_fraction is 0');
    const few = await convertSnapshot(options({ evalMinRecords: 26, outDir: options().outDir + '-few' }));
    expect(few).toMatchObject({
      eval_note: 'only 25 examples (< eval_min_records 26): no eval split',
      eval_path: null,
    });
    expect(few.train_examples).toBe(25);
    const enough = await convertSnapshot(options({ evalMinRecords: 25, outDir: options().outDir + '-ok' }));
    expect(enough.eval_note).toBeNull();
    expect(enough.eval_examples).toBeGreaterThan(0);
    expect(enough.train_examples + enough.eval_examples).toBe(25);
    const all = await convertSnapshot(options({ evalFraction: 1, outDir: options().outDir + '-all' }));
    expect(all).toMatchObject({
      eval_note: 'every example hashed into the eval split: no eval split',
      train_examples: 25,
    });
  });

  it('names the first bad line when nothing converts', async () => {
    const p = await makeProject({ records: '{bad\n' + toJsonl(sampleRecords(0)) + '{"goal":1}\n' });
    const counts = await countRecords(p.datasetPath);
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
      /gave no training examples: no valid records; 2 bad line\(s\), first at line 1: not valid JSON/,
    );
  });
});
