import { accessSync, constants, statSync } from 'node:fs';
import { loadConfig } from '../../config/load-config.js';
import { appendLines, DatasetWriteError } from '../../shared/append.js';
import { ActiveAdapterProbe, stampedLine } from '../../learning/adapters/attribution.js';
import { datasetStats } from '../../learning/examples/dataset-stats.js';
import { decodeLine, LineSplitter } from '../../learning/dataset/line-splitter.js';
import { parseRecordLine } from '../../learning/dataset/record.js';
import { errorMessage, UsageError } from '../../shared/errors.js';
import { printable } from '../../shared/printable.js';
import { nonRegularKind, nonRegularKindSync, nonRegularMessage } from '../../shared/regular-file.js';
import { EXIT } from '../main.js';
import { helpExit, noExtraArguments, parseFlags } from '../parse-flags.js';
import { notePathOrigin } from '../../shared/path-origins.js';
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
};
/** A dataset to read: one line naming the file and the fix, instead of ENOENT/EISDIR/EACCES. */
function checkReadableFile(file, setting) {
    let kind;
    try {
        kind = nonRegularKind(statSync(file));
    }
    catch {
        throw new UsageError(`dataset ${file} (${setting}) does not exist: append records first (agi-core dataset append) or pass --dataset PATH`);
    }
    if (kind === 'a directory')
        throw new UsageError(`dataset ${file} (${setting}) is a directory: pass the .jsonl file`);
    // A FIFO would block the reader forever, a device reads as nothing: refused before it is opened.
    if (kind)
        throw new UsageError(nonRegularMessage('dataset', file, kind, 'pass the .jsonl file', setting));
    try {
        accessSync(file, constants.R_OK);
    }
    catch {
        throw new UsageError(`dataset ${file} (${setting}) is not readable by this user: fix its permissions`);
    }
}
export async function datasetCommand(argv, stdin = process.stdin) {
    const { values, positionals } = parseFlags('agi-core dataset', argv, FLAGS, true);
    const [sub, ...extra] = positionals;
    const helped = helpExit(values.help, sub, DATASET_HELP);
    if (helped !== null || !sub)
        return helped ?? EXIT.usage;
    // `dataset append extra.jsonl` would otherwise read stdin and ignore the file it was given.
    noExtraArguments(`agi-core dataset ${sub}`, extra);
    const config = loadConfig(values.config);
    const dataset = values.dataset ?? config.learning.dataset_path;
    const setting = values.dataset === undefined ? 'learning.dataset_path' : '--dataset';
    notePathOrigin(dataset, setting);
    if (sub === 'append') {
        // Before stdin is read: a FIFO would block the append forever, /dev/null would swallow every record.
        // A dataset that does not exist yet is fine: append creates it.
        const kind = nonRegularKindSync(dataset);
        if (kind) {
            throw new UsageError(nonRegularMessage('dataset', dataset, kind, 'pass the .jsonl file to append to (append creates it)', setting));
        }
        const probe = new ActiveAdapterProbe(config.learning.training_overrides_path, config.learning.active_adapter_path);
        return append(dataset, setting, config.learning.dataset_flush_batch, stdin, values.json ?? false, probe);
    }
    if (sub === 'stats' || sub === 'validate') {
        checkReadableFile(dataset, setting);
        const stats = await datasetStats(dataset, {
            maxPairsPerGoal: config.learning.dpo_max_pairs_per_goal,
            maxBadLines: sub === 'stats' ? 20 : 100_000,
        });
        if (values.json)
            process.stdout.write(JSON.stringify(stats, null, 2) + '\n');
        else {
            process.stdout.write([
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
            ].join('\n') + '\n');
        }
        return sub === 'validate' && stats.bad_line_count > 0 ? EXIT.failed : EXIT.ok;
    }
    throw new UsageError(`unknown dataset command "${sub}": use append, stats or validate`);
}
/** Bad lines kept for the --json summary; every one is still reported on stderr as it is met, and counted. */
const MAX_LISTED_BAD_LINES = 100;
/** Exit codes after SIGINT and SIGTERM, as a shell reports a process those signals ended (128 + the signal). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 };
/**
 * Reads stdin as bytes, chunk by chunk. After `stop` (a signal), `next` hands over only what the process had
 * already read from the pipe when it came, then null: no waiting for more, and no endless draining of a writer
 * that keeps on writing.
 */
class StdinChunks {
    stream;
    ended = false;
    failure = null;
    /** Bytes still to hand over after `stop`; null until then. */
    drainLeft = null;
    wake = null;
    poke = () => {
        this.wake?.();
        this.wake = null;
    };
    onEnd = () => {
        this.ended = true;
        this.poke();
    };
    onError = (error) => {
        this.failure = { error };
        this.poke();
    };
    constructor(stream) {
        this.stream = stream;
        stream.on('readable', this.poke);
        stream.on('end', this.onEnd);
        stream.on('error', this.onError);
    }
    /** The next chunk, or null at EOF or once what was read before `stop` is handed over. */
    async next() {
        for (;;) {
            if (this.failure)
                throw this.failure.error;
            if (this.drainLeft !== null && this.drainLeft <= 0)
                return null;
            const chunk = this.stream.read();
            if (chunk !== null) {
                const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
                if (this.drainLeft !== null)
                    this.drainLeft -= bytes.length;
                return bytes;
            }
            if (this.ended || this.drainLeft !== null)
                return null;
            await new Promise((resolve) => (this.wake = resolve));
        }
    }
    stop() {
        this.drainLeft ??= this.stream.readableLength ?? 0;
        this.poke();
    }
    /** Stops listening; a stream not read to its end is destroyed, so an open pipe cannot keep the process alive. */
    close() {
        this.stream.off('readable', this.poke);
        this.stream.off('end', this.onEnd);
        this.stream.off('error', this.onError);
        if (this.ended)
            return;
        // A read error that lands after this is of no interest, and must not become an uncaught one.
        this.stream.on('error', () => undefined);
        this.stream.destroy?.();
    }
}
/** A line's record text, why it is a bad line, or null for a blank line (skipped, as in files). */
function recordText(split) {
    const decoded = decodeLine(split);
    if (!decoded.ok)
        return decoded;
    if (!decoded.text.trim())
        return null;
    const parsed = parseRecordLine(decoded.text);
    return parsed.ok ? decoded : parsed;
}
/**
 * Streams stdin into the dataset: each valid record is stamped and buffered, and every `batch` of them is appended
 * (locked, fsynced) as it fills, so records reach disk while the input is still open and memory holds one batch,
 * one chunk of input and the first bad lines. EOF, SIGINT and SIGTERM flush what is buffered, then report. A batch
 * that cannot be written (disk full) is not in the file at all; the report says how many records were appended
 * before it and the stdin line to send again from.
 */
async function append(dataset, setting, batch, stdin, json, probe) {
    const name = 'agi-core dataset append';
    const input = new StdinChunks(stdin);
    const lines = new LineSplitter();
    const state = { pending: [], pendingFrom: 0, appended: 0, badCount: 0, badLines: [], signal: null, failure: null };
    const flush = async () => {
        const { pending, pendingFrom: from } = state;
        if (!pending.length)
            return;
        try {
            await appendLines(dataset, pending, setting);
        }
        catch (err) {
            const before = `${state.appended} record(s) appended before it`;
            let message;
            if (!(err instanceof DatasetWriteError))
                message = `${errorMessage(err)}; ${before}, none from stdin line ${from} on`;
            else if (err.restored)
                message = `cannot append to the dataset ${dataset} (${setting}): ${err.why}; ${before}; the file is as it was before the batch of ${pending.length} from stdin line ${from}: send stdin again from line ${from}`;
            else
                message = `${errorMessage(err)}; ${before}, from stdin line ${from} on perhaps part of a line`;
            state.failure = { message, code: err instanceof UsageError ? EXIT.usage : EXIT.failed };
            input.stop();
            return;
        }
        state.appended += pending.length;
        state.pending = [];
    };
    const take = async (split) => {
        const found = recordText(split);
        if (!found)
            return;
        if (!found.ok) {
            state.badCount++;
            if (state.badLines.length < MAX_LISTED_BAD_LINES)
                state.badLines.push({ line: split.line, reason: found.reason });
            process.stderr.write(`${name}: stdin line ${split.line}: ${printable(found.reason)} (not appended)\n`);
            return;
        }
        // Re-serialise: one record per line whatever whitespace the agent used, stamped with the adapter active now
        // (unless the agent stamped it), so its outcome counts for that adapter.
        if (!state.pending.length)
            state.pendingFrom = split.line;
        state.pending.push(stampedLine(JSON.parse(found.text), await probe.current()));
        if (state.pending.length >= batch)
            await flush();
    };
    // Once: a second Ctrl-C while the last batch is written ends the process the default way.
    const onSignal = (signal) => {
        state.signal ??= signal;
        input.stop();
    };
    const onInt = () => onSignal('SIGINT');
    const onTerm = () => onSignal('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    try {
        let chunk;
        while (!state.failure && (chunk = await input.next()) !== null) {
            for (const split of lines.push(chunk)) {
                await take(split);
                if (state.failure)
                    break;
            }
        }
        // At EOF a last line without its newline is a line; after a signal it was cut off mid-line: never appended.
        const unfinished = lines.unfinishedBytes;
        if (state.signal && unfinished)
            process.stderr.write(`${name}: stdin line ${lines.lineNumber}: ${unfinished} byte(s) without a newline when ${state.signal} came (not appended)\n`);
        if (!state.signal && !state.failure) {
            const last = lines.end();
            if (last)
                await take(last);
        }
        if (!state.failure)
            await flush();
    }
    finally {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        input.close();
    }
    const { appended, badCount, badLines, signal, failure } = state;
    if (json)
        process.stdout.write(JSON.stringify({
            dataset,
            appended,
            bad_line_count: badCount,
            bad_lines: badLines,
            ...(signal ? { interrupted: signal } : {}),
            ...(failure ? { error: failure.message } : {}),
        }) + '\n');
    if (failure) {
        process.stderr.write(`${name}: ${printable(failure.message)}\n`);
        return failure.code;
    }
    if (!json || signal)
        process.stderr.write(`${name}: ${signal ? `${signal}: stopped reading; ` : ''}appended ${appended} record(s) to ${dataset}; ${badCount} bad line(s)\n`);
    if (signal)
        return SIGNAL_EXIT[signal];
    return badCount ? EXIT.failed : EXIT.ok;
}
/** Per example format, what each strategy would train on and what it leaves out; the configured one marked. */
function examplesTable(stats, configured) {
    const row = (format, note) => {
        const e = stats.examples[format];
        const mark = format === configured ? ' (learning.example_format)' : '';
        return `  ${format.padEnd(11)}lora ${e.lora}, dpo ${e.dpo}, kto ${e.kto}${note}${mark}`;
    };
    const d = stats.dropped.trajectory;
    return [
        'examples per strategy',
        row('summary', ''),
        row('trajectory', `; dropped: ${d.failures} failure(s) for lora, ${d.identical_plan_pairs} identical-plan pair(s) for dpo`),
    ];
}
//# sourceMappingURL=dataset-command.js.map