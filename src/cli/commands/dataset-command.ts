import { accessSync, constants, statSync } from 'node:fs';
import readline from 'node:readline';
import { loadConfig } from '../../config/load-config.js';
import { appendLines } from '../../learning/append.js';
import { ActiveAdapterProbe, stampedLine } from '../../learning/attribution.js';
import { datasetStats, type DatasetStats } from '../../learning/dataset-stats.js';
import { parseRecordLine } from '../../learning/record.js';
import { UsageError } from '../../shared/errors.js';
import { printable } from '../../shared/printable.js';
import { nonRegularKind, nonRegularKindSync, nonRegularMessage } from '../../shared/regular-file.js';
import type { ExampleFormat } from '../../shared/trainer-protocol.js';
import { EXIT } from '../main.js';
import { helpExit, noExtraArguments, parseFlags } from '../parse-flags.js';

export const DATASET_HELP = `Usage: agi-core dataset <append|stats|validate> [options]

  append     read JSONL records on stdin, append the valid ones (locked, fsynced), report bad lines; exit 1 if any
  stats      counts: valid, duplicates, successes/failures, goals, DPO pairs available, bad lines
  validate   like stats, listing every bad line; exit 1 if any

Options:
  --config PATH     config file (default: config/default.yaml)
  --dataset PATH    dataset JSONL (default: learning.dataset_path)
  --json            machine-readable output on stdout
  -h, --help        this help`;

const FLAGS = {
  config: { type: 'string' },
  dataset: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A dataset to read: one line naming the file and the fix, instead of ENOENT/EISDIR/EACCES. */
function checkReadableFile(file: string, setting: string): void {
  let kind: string | null;
  try {
    kind = nonRegularKind(statSync(file));
  } catch {
    throw new UsageError(
      `dataset ${file} (${setting}) does not exist: append records first (agi-core dataset append) or pass --dataset PATH`,
    );
  }
  if (kind === 'a directory')
    throw new UsageError(`dataset ${file} (${setting}) is a directory: pass the .jsonl file`);
  // A FIFO would block the reader forever, a device reads as nothing: refused before it is opened.
  if (kind) throw new UsageError(nonRegularMessage('dataset', file, kind, 'pass the .jsonl file', setting));
  try {
    accessSync(file, constants.R_OK);
  } catch {
    throw new UsageError(`dataset ${file} (${setting}) is not readable by this user: fix its permissions`);
  }
}

export async function datasetCommand(
  argv: string[],
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  const { values, positionals } = parseFlags('agi-core dataset', argv, FLAGS, true);
  const [sub, ...extra] = positionals;
  const helped = helpExit(values.help, sub, DATASET_HELP);
  if (helped !== null || !sub) return helped ?? EXIT.usage;
  // `dataset append extra.jsonl` would otherwise read stdin and ignore the file it was given.
  noExtraArguments(`agi-core dataset ${sub}`, extra);
  const config = loadConfig(values.config);
  const dataset = values.dataset ?? config.learning.dataset_path;
  const setting = values.dataset === undefined ? 'learning.dataset_path' : '--dataset';
  if (sub === 'append') {
    // Before stdin is read: a FIFO would block the append forever, /dev/null would swallow every record.
    // A dataset that does not exist yet is fine: append creates it.
    const kind = nonRegularKindSync(dataset);
    if (kind) {
      throw new UsageError(
        nonRegularMessage(
          'dataset',
          dataset,
          kind,
          'pass the .jsonl file to append to (append creates it)',
          setting,
        ),
      );
    }
    const probe = new ActiveAdapterProbe(
      config.learning.training_overrides_path,
      config.learning.active_adapter_path,
    );
    return append(dataset, config.learning.dataset_flush_batch, stdin, values.json ?? false, probe);
  }
  if (sub === 'stats' || sub === 'validate') {
    checkReadableFile(dataset, setting);
    const stats = await datasetStats(dataset, {
      maxPairsPerGoal: config.learning.dpo_max_pairs_per_goal,
      maxBadLines: sub === 'stats' ? 20 : 100_000,
    });
    if (values.json) process.stdout.write(JSON.stringify(stats, null, 2) + '\n');
    else {
      process.stdout.write(
        [
          `dataset        ${dataset}`,
          `valid records  ${stats.valid} (${stats.unique} unique, ${stats.duplicates} duplicate task_id)`,
          `successes      ${stats.successes}`,
          `failures       ${stats.failures}`,
          `goals          ${stats.goals}`,
          `DPO pairs      ${stats.dpo_pairs} (cap ${config.learning.dpo_max_pairs_per_goal} per goal)`,
          ...examplesTable(stats, config.learning.example_format),
          `bad lines      ${stats.bad_line_count}`,
          ...(stats.incomplete_last_line
            ? [
                `incomplete     line ${stats.incomplete_last_line.line} (${stats.incomplete_last_line.bytes} bytes, no newline yet): not counted; it counts once a writer finishes it, and a run started now trains on the lines before it`,
              ]
            : []),
          ...stats.bad_lines.map((b) => `  line ${b.line}: ${printable(b.reason)}`),
        ].join('\n') + '\n',
      );
    }
    return sub === 'validate' && stats.bad_line_count > 0 ? EXIT.failed : EXIT.ok;
  }
  throw new UsageError(`unknown dataset command "${sub}": use append, stats or validate`);
}

async function append(
  dataset: string,
  batch: number,
  stdin: NodeJS.ReadableStream,
  json: boolean,
  probe: ActiveAdapterProbe,
): Promise<number> {
  const lines = readline.createInterface({ input: stdin, crlfDelay: Infinity });
  const bad: { line: number; reason: string }[] = [];
  let pending: string[] = [];
  let appended = 0;
  let n = 0;
  for await (const raw of lines) {
    n++;
    // Editors on Windows start files with a BOM; `dataset stats` on a file accepts it, so stdin must too.
    const text = n === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
    if (!text.trim()) continue;
    const parsed = parseRecordLine(text);
    if (!parsed.ok) {
      bad.push({ line: n, reason: parsed.reason });
      process.stderr.write(
        `agi-core dataset append: stdin line ${n}: ${printable(parsed.reason)} (not appended)\n`,
      );
      continue;
    }
    // Re-serialise: one record per line whatever whitespace the agent used, stamped with the adapter active now
    // (unless the agent stamped it), so its outcome counts for that adapter.
    pending.push(stampedLine(JSON.parse(text) as object, await probe.current()));
    if (pending.length >= Math.max(batch, 100)) {
      await appendLines(dataset, pending);
      appended += pending.length;
      pending = [];
    }
  }
  await appendLines(dataset, pending);
  appended += pending.length;
  const result = { dataset, appended, bad_line_count: bad.length, bad_lines: bad };
  if (json) process.stdout.write(JSON.stringify(result) + '\n');
  else
    process.stderr.write(
      `agi-core dataset append: appended ${appended} record(s) to ${dataset}; ${bad.length} bad line(s)\n`,
    );
  return bad.length ? EXIT.failed : EXIT.ok;
}

/** Per example format, what each strategy would train on and what it leaves out; the configured one marked. */
function examplesTable(stats: DatasetStats, configured: ExampleFormat): string[] {
  const row = (format: ExampleFormat, note: string) => {
    const e = stats.examples[format];
    const mark = format === configured ? ' (learning.example_format)' : '';
    return `  ${format.padEnd(11)}lora ${e.lora}, dpo ${e.dpo}, kto ${e.kto}${note}${mark}`;
  };
  const d = stats.dropped.trajectory;
  return [
    'examples per strategy',
    row('summary', ''),
    row(
      'trajectory',
      `; dropped: ${d.failures} failure(s) for lora, ${d.identical_plan_pairs} identical-plan pair(s) for dpo`,
    ),
  ];
}
