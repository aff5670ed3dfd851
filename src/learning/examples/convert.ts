import { z } from 'zod';
import { parseJsonWith } from '../../shared/stored-json.js';
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidDatasetError } from '../../shared/errors.js';
import { nonRegularKind, nonRegularMessage } from '../../shared/regular-file.js';
import { writeJsonAtomic } from '../../shared/atomic-write.js';
import { AtomicLineWriter } from '../dataset/buffered-writer.js';
import { toDpoPair, toKtoExample, toSftExample } from './formats.js';
import { readRecords } from '../dataset/jsonl-reader.js';
import {
  isSuccess,
  normalizeGoal,
  parseRecordLine,
  recordKey,
  splitKey,
  type LearningRecord,
} from '../dataset/record.js';
import { isEvalKey } from './split.js';
import { snapshotTailHash } from '../dataset/readiness.js';
import { KeySet } from '../dataset/key-set.js';
import {
  ExampleFormatSchema,
  StrategySchema,
  type ExampleFormat,
  type Strategy,
} from '../../shared/trainer-protocol.js';
import type { ToolDefinition } from '../dataset/chat-messages.js';
import { ToolCatalog } from './tool-catalog.js';
import {
  attemptKey,
  attemptSignatures,
  pairKey,
  toTrajectoryKto,
  toTrajectoryPair,
  toTrajectorySft,
} from './trajectory.js';

export type BadLine = { line: number; offset: number; reason: string };

export type ConvertOptions = {
  datasetPath: string;
  /** Snapshot end: only bytes [0, offset) are read, whatever was appended since. */
  offset: number;
  strategy: Strategy;
  /** learning.example_format: the seed's summary form unless told. */
  exampleFormat?: ExampleFormat;
  /** Folder that receives train.jsonl, eval.jsonl and manifest.json. */
  outDir: string;
  evalFraction: number;
  evalMinRecords: number;
  maxPairsPerGoal: number;
  /** What readiness saw in [0, offset): conversion refuses a snapshot that no longer holds it. */
  expected?: { valid: number; tailSha256?: string };
  /** Bad lines listed in the result; the count is always exact. */
  maxBadLinesReported?: number;
};

export const ConversionResultSchema = z.object({
  strategy: StrategySchema,
  example_format: ExampleFormatSchema.default('summary'),
  offset: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  records: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  bad_line_count: z.number().int().nonnegative(),
  bad_lines: z.array(z.custom<BadLine>((v) => typeof v === 'object' && v !== null)),
  train_examples: z.number().int().nonnegative(),
  eval_examples: z.number().int().nonnegative(),
  /** Trajectory SFT trains on successes only: the failures left out. */
  dropped_failures: z.number().int().nonnegative().default(0),
  /** Trajectory DPO: success/failure pairs left out because both attempts made the same plan. */
  dropped_identical_plans: z.number().int().nonnegative().default(0),
  /** Why there is no eval split, when there is none. */
  eval_note: z.string().nullable(),
  train_path: z.string().min(1),
  eval_path: z.string().min(1).nullable(),
});
export type ConversionResult = z.infer<typeof ConversionResultSchema>;

const MANIFEST = 'manifest.json';

/**
 * Converts the dataset prefix [0, offset) into train/eval JSONL, published atomically.
 * Same bytes in, byte-identical files out; a second call on the same snapshot reuses the first's output.
 */
export async function convertSnapshot(options: ConvertOptions): Promise<ConversionResult> {
  const size = await datasetSize(options.datasetPath);
  if (options.offset > size) {
    throw new InvalidDatasetError(
      `dataset ${options.datasetPath} is shorter (${size} bytes) than the snapshot taken at readiness (${options.offset} bytes): it was truncated or replaced during the run; start a new run`,
    );
  }
  if (options.expected?.tailSha256 !== undefined) {
    const tail = await snapshotTailHash(options.datasetPath, options.offset);
    if (tail !== options.expected.tailSha256) {
      throw new InvalidDatasetError(
        `dataset ${options.datasetPath} changed since readiness: the bytes before its snapshot end (${options.offset}) are not the ones the run counted, so it was rewritten or replaced; start a new run`,
      );
    }
  }
  const previous = await readManifest(options.outDir);
  const format = options.exampleFormat ?? 'summary';
  if (
    previous &&
    previous.offset === options.offset &&
    previous.strategy === options.strategy &&
    previous.example_format === format
  ) {
    const sha = await hashPrefix(options.datasetPath, options.offset);
    if (sha === previous.sha256) return previous;
  }
  await mkdir(options.outDir, { recursive: true });
  // The trajectory form lists every tool the dataset calls in each row, so those are collected first.
  const tools = format === 'trajectory' ? await collectTools(options) : null;
  const result =
    options.strategy === 'dpo' ? await convertDpo(options, tools) : await convertPerRecord(options, tools);
  await writeJsonAtomic(path.join(options.outDir, MANIFEST), result);
  return result;
}

async function datasetSize(file: string): Promise<number> {
  try {
    const st = await stat(file);
    if (st.isDirectory())
      throw new InvalidDatasetError(
        `dataset path ${file} is a directory: point learning.dataset_path or --dataset at a .jsonl file`,
      );
    // A FIFO would block the reader forever, a device reads as nothing: refused before anything opens it.
    const kind = nonRegularKind(st);
    if (kind) {
      throw new InvalidDatasetError(
        nonRegularMessage('dataset', file, kind, 'point learning.dataset_path or --dataset at a .jsonl file'),
      );
    }
    return st.size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InvalidDatasetError(
        `dataset ${file} does not exist: append records first (agi-core dataset append) or pass --dataset`,
      );
    }
    throw err;
  }
}

/** The manifest of an earlier conversion; a torn or foreign one is ignored and the conversion redone. */
async function readManifest(outDir: string): Promise<ConversionResult | undefined> {
  const text = await readFile(path.join(outDir, MANIFEST), 'utf8').catch(() => null);
  return text === null ? undefined : parseJsonWith(ConversionResultSchema, text);
}

async function hashPrefix(file: string, end: number): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let pos = 0; pos < end;) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, end - pos), pos);
      if (!bytesRead) break;
      hash.update(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

async function collectTools(options: ConvertOptions): Promise<ToolDefinition[]> {
  const catalog = new ToolCatalog();
  for await (const item of readRecords(options.datasetPath, { end: options.offset })) {
    if (item.kind === 'record') catalog.observe(item.record);
  }
  return catalog.definitions();
}

type Scan = { sha256: string; records: number; duplicates: number; bad: BadLine[]; badCount: number };

/** Reads the snapshot once, calling `onRecord` for each first occurrence of a record key. */
async function scan(
  options: ConvertOptions,
  onRecord: (r: LearningRecord, key: string, offset: number, length: number) => Promise<void>,
): Promise<Scan> {
  const hash = createHash('sha256');
  const seen = new KeySet();
  const bad: BadLine[] = [];
  let badCount = 0;
  let records = 0;
  let duplicates = 0;
  const limit = options.maxBadLinesReported ?? 100;
  const progress = { offset: 0, nextLine: 1 };
  for await (const item of readRecords(options.datasetPath, { end: options.offset, hash, progress })) {
    if (item.kind === 'bad') {
      badCount++;
      if (bad.length < limit) bad.push({ line: item.line, offset: item.offset, reason: item.reason });
      continue;
    }
    const key = recordKey(item.record);
    if (!seen.add(key)) {
      duplicates++;
      continue;
    }
    records++;
    await onRecord(item.record, key, item.offset, item.length);
  }
  // A run never trains on less than its snapshot: a file cut short while it was read, or whose prefix now holds
  // other records than readiness counted, fails the run instead of training on part of it.
  if (progress.offset !== options.offset) {
    throw new InvalidDatasetError(
      `dataset ${options.datasetPath} was truncated while the run read it: ${progress.offset} of the snapshot's ${options.offset} bytes were there; start a new run`,
    );
  }
  if (options.expected && records + duplicates !== options.expected.valid) {
    throw new InvalidDatasetError(
      `dataset ${options.datasetPath} changed since readiness: its first ${options.offset} bytes now hold ${records + duplicates} valid records, not the ${options.expected.valid} the run counted; start a new run`,
    );
  }
  return { sha256: hash.digest('hex'), records, duplicates, bad, badCount };
}

async function openOutputs(options: ConvertOptions) {
  const train = await AtomicLineWriter.open(path.join(options.outDir, 'train.jsonl'));
  const evalW = await AtomicLineWriter.open(path.join(options.outDir, 'eval.jsonl'));
  return { train, evalW };
}

function evalNote(total: number, options: ConvertOptions, evalCount: number): string | null {
  if (options.evalFraction <= 0) return 'eval_fraction is 0';
  if (total < options.evalMinRecords)
    return `only ${total} examples (< eval_min_records ${options.evalMinRecords}): no eval split`;
  if (evalCount === 0) return 'no example hashed into the eval split';
  return null;
}

/** The rows one record gives: the seed's summary forms, or the trajectory forms over the dataset's tools. */
function perRecordExamples(
  strategy: Strategy,
  tools: ToolDefinition[] | null,
): (r: LearningRecord) => unknown[] {
  if (tools)
    return strategy === 'kto' ? (r) => [toTrajectoryKto(r, tools)] : (r) => [toTrajectorySft(r, tools)];
  return strategy === 'kto' ? (r) => [toKtoExample(r)] : (r) => [toSftExample(r)];
}

/**
 * SFT and KTO: the example of each unique record, streamed. Trajectory SFT keeps successes only.
 */
async function convertPerRecord(
  options: ConvertOptions,
  tools: ToolDefinition[] | null,
): Promise<ConversionResult> {
  const { train, evalW } = await openOutputs(options);
  const toExamples = perRecordExamples(options.strategy, tools);
  const successesOnly = tools !== null && options.strategy === 'lora';
  try {
    const counts = { train: 0, eval: 0 };
    const labels = { desirable: 0, undesirable: 0 };
    let droppedFailures = 0;
    const s = await scan(options, async (record) => {
      if (successesOnly && !isSuccess(record)) {
        droppedFailures++;
        return;
      }
      const toEval = isEvalKey(splitKey(record), options.evalFraction);
      for (const example of toExamples(record)) {
        counts[toEval ? 'eval' : 'train']++;
        labels[isSuccess(record) ? 'desirable' : 'undesirable']++;
        await (toEval ? evalW : train).writeLine(JSON.stringify(example));
      }
    });
    if (options.strategy === 'kto' && s.records > 0 && (!labels.desirable || !labels.undesirable)) {
      const missing = labels.desirable ? 'failure (success: false)' : 'success (success: true)';
      throw new InvalidDatasetError(
        `KTO needs both outcomes, but dataset ${options.datasetPath} (first ${options.offset} bytes) has ${labels.desirable} success(es) and ${labels.undesirable} failure(s): no ${missing} record. Use --strategy lora (SFT) until the agent has logged one`,
      );
    }
    if (successesOnly && s.records > 0 && labels.desirable === 0) {
      throw new InvalidDatasetError(
        `SFT in trajectory form trains on successes only, but dataset ${options.datasetPath} (first ${options.offset} bytes) has 0 successes and ${droppedFailures} failure(s): use --strategy kto (it learns from failures too) once a success is logged, or learning.example_format: summary`,
      );
    }
    return await finish(options, s, train, evalW, counts, { dropped_failures: droppedFailures });
  } catch (err) {
    await Promise.all([train.abort(), evalW.abort()]);
    throw err;
  }
}

type Dropped = { dropped_failures?: number; dropped_identical_plans?: number };

async function finish(
  options: ConvertOptions,
  s: Scan,
  train: AtomicLineWriter,
  evalW: AtomicLineWriter,
  counts: { train: number; eval: number },
  dropped: Dropped = {},
): Promise<ConversionResult> {
  const total = counts.train + counts.eval;
  const note =
    counts.train === 0 && total > 0
      ? 'every example hashed into the eval split: no eval split'
      : evalNote(total, options, counts.eval);
  let trainCount = counts.train;
  let evalCount = counts.eval;
  if (note) {
    // Whether an eval split exists depends on the total, known only now. This happens on small data only
    // (or every example hashed into eval), so folding the eval lines back is cheap.
    await evalW.moveLinesInto(train);
    trainCount = total;
    evalCount = 0;
  }
  await train.commit();
  await evalW.commit();
  if (trainCount === 0) {
    const what =
      options.strategy === 'dpo'
        ? dropped.dropped_identical_plans
          ? `DPO needs a success and a failure of the same goal that part at a turn of the policy; all ${dropped.dropped_identical_plans} pair(s) made the same choices (or parted only at a tool output)`
          : 'DPO needs at least one success and one failure of the same goal'
        : 'no valid records';
    throw new InvalidDatasetError(
      `dataset ${options.datasetPath} (first ${options.offset} bytes) gave no training examples: ${what}` +
        (s.badCount
          ? `; ${s.badCount} bad line(s), first at line ${s.bad[0]?.line}: ${s.bad[0]?.reason}`
          : ''),
    );
  }
  return {
    strategy: options.strategy,
    example_format: options.exampleFormat ?? 'summary',
    dropped_failures: dropped.dropped_failures ?? 0,
    dropped_identical_plans: dropped.dropped_identical_plans ?? 0,
    offset: options.offset,
    sha256: s.sha256,
    records: s.records,
    duplicates: s.duplicates,
    bad_line_count: s.badCount,
    bad_lines: s.bad,
    train_examples: trainCount,
    eval_examples: evalCount,
    eval_note: note,
    train_path: train.file,
    eval_path: note ? null : evalW.file,
  };
}

type Attempt = { offset: number; length: number };
type Group = { wins: Attempt[]; losses: Attempt[]; plans: Set<string> };

async function convertDpo(
  options: ConvertOptions,
  tools: ToolDefinition[] | null,
): Promise<ConversionResult> {
  // Pairs are enumerated win by win, loss by loss, and stop at the per-goal cap: the first `cap` wins and
  // the first `cap` losses give the same pairs as all of them. Only their offsets are kept; the records
  // are read back for pairing, so memory grows with the number of goals, not of records.
  // The trajectory form pairs the turns where two attempts part: an attempt that repeats one already kept on its
  // side would give the same rows again, so each side keeps distinct attempts, and cap + 1 of them, since one win
  // may never part from one loss (dropped): cap + 1 distinct attempts a side still give at least cap pairs.
  const cap = options.maxPairsPerGoal;
  const keep = tools ? cap + 1 : cap;
  const groups = new Map<string, Group>();
  const s = await scan(options, (record, _key, offset, length) => {
    const goal = normalizeGoal(record.goal);
    let group = groups.get(goal);
    if (!group) groups.set(goal, (group = { wins: [], losses: [], plans: new Set() }));
    const win = isSuccess(record);
    const side = win ? group.wins : group.losses;
    if (side.length >= keep) return Promise.resolve();
    if (tools) {
      const plan = `${win ? 'w' : 'l'}:${attemptKey(record)}`;
      if (group.plans.has(plan)) return Promise.resolve();
      group.plans.add(plan);
    }
    side.push({ offset, length });
    return Promise.resolve();
  });
  const { train, evalW } = await openOutputs(options);
  const handle = await open(options.datasetPath, 'r');
  try {
    const read = async (a: Attempt): Promise<LearningRecord> => {
      const buf = Buffer.allocUnsafe(a.length);
      await handle.read(buf, 0, a.length, a.offset);
      const parsed = parseRecordLine(buf.toString('utf8').trimEnd());
      if (!parsed.ok) throw new Error(`record at byte ${a.offset} changed during conversion`);
      return parsed.record;
    };
    const counts = { train: 0, eval: 0 };
    let identical = 0;
    for (const [goal, { wins, losses }] of groups) {
      if (!wins.length || !losses.length) continue;
      const toEval = isEvalKey(`goal:${goal}`, options.evalFraction);
      const seen = new Set<string>();
      let pairs = 0;
      outer: for (const w of wins) {
        const chosen = await read(w);
        for (const l of losses) {
          if (pairs >= options.maxPairsPerGoal) break outer;
          const loser = await read(l);
          const pair = tools ? toTrajectoryPair(chosen, loser, tools) : toDpoPair(chosen, loser);
          if (!pair) {
            identical++;
            continue;
          }
          const line = JSON.stringify(pair);
          // The same preference again (in the trajectory form: the same turns, call ids aside) is written once.
          const key = tools ? pairKey(attemptSignatures(chosen), attemptSignatures(loser))! : line;
          if (seen.has(key)) continue;
          seen.add(key);
          pairs++;
          counts[toEval ? 'eval' : 'train']++;
          await (toEval ? evalW : train).writeLine(line);
        }
      }
    }
    return await finish(options, s, train, evalW, counts, { dropped_identical_plans: identical });
  } catch (err) {
    await Promise.all([train.abort(), evalW.abort()]);
    throw err;
  } finally {
    await handle.close();
  }
}
