import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../../shared/atomic-write.js';
import { nonRegularKindOf } from '../../shared/regular-file.js';
import { attribute, timestampMs } from '../adapters/attribution.js';
import { readRecords } from '../dataset/jsonl-reader.js';
import { snapshotTailHash as tailHash } from '../dataset/readiness.js';
import { isSuccess, normalizeGoal } from '../dataset/record.js';
export const emptyTally = () => ({ records: 0, successes: 0, goals: new Map() });
const EXAMPLES = 5;
// Bump VERSION whenever what a line counts as changes: parseRecordLine (bad or not), isSuccess, normalizeGoal or
// attribute. Counts cached under another version are recounted.
const VERSION = 1;
const TallySchema = z.object({
    adapter: z.string(),
    records: z.number().int().nonnegative(),
    successes: z.number().int().nonnegative(),
    /** Parallel arrays, in first-seen order (see Tally). */
    goals: z.array(z.string()),
    goal_n: z.array(z.number().int().positive()),
    goal_s: z.array(z.number().int().nonnegative()),
});
const CacheSchema = z.object({
    version: z.literal(VERSION),
    /** The dataset's absolute path. */
    dataset: z.string(),
    inode: z.number(),
    /** Offset after the last complete line counted. */
    offset: z.number().int().nonnegative(),
    next_line: z.number().int().positive(),
    /** sha256 of the up to 4 KiB before `offset`: a replaced or rewritten file no longer matches. */
    tail_sha256: z.string(),
    /**
     * The activation timeline the counts were attributed against (the key of the adapter history: only `at`,
     * `adapter_path` and the first entry's `previous` reach attribution). Its first step starts at -Infinity,
     * stored as null.
     */
    timeline: z.array(z.object({ from: z.number().nullable(), adapter: z.string() })),
    /** The latest timestamp (ms) of the records attributed by timestamp rather than by their stamp; null if none. */
    max_timestamp_ms: z.number().nullable(),
    attributed: z.number().int().nonnegative(),
    unattributed: z.number().int().nonnegative(),
    unattributed_examples: z.array(z.object({ line: z.number().int().positive(), reason: z.string() })),
    bad_lines: z.number().int().nonnegative(),
    tallies: z.array(TallySchema),
});
export function liveCachePathFor(dataset) {
    return path.join(path.dirname(dataset), `.${path.basename(dataset)}.live.json`);
}
/**
 * Outcome counts per adapter and goal over every complete line of `datasetPath`, attributed against `timeline`:
 * exactly what a full pass would count, reading only the lines appended since the cache was written.
 */
export async function liveTallies(datasetPath, timeline, options = {}) {
    const useCache = options.useCache ?? true;
    // No dataset (or none this process can see, as existsSync would say) scores nothing yet.
    const st = await stat(datasetPath).catch(() => null);
    const state = fresh();
    if (!st)
        return { ...state, scan: 'full' };
    // A folder, FIFO or device is no dataset: the reader refuses it with its usual message, and nothing is cached.
    const cached = useCache && st.isFile();
    const cacheFile = liveCachePathFor(datasetPath);
    const dataset = path.resolve(datasetPath);
    const prev = cached ? await loadCache(cacheFile, dataset, st.ino, st.size, timeline) : undefined;
    const into = prev ? prev.state : state;
    const progress = { offset: prev?.offset ?? 0, nextLine: prev?.nextLine ?? 1 };
    const start = progress.offset;
    for await (const item of readRecords(datasetPath, {
        start,
        firstLine: progress.nextLine,
        end: cached ? st.size : undefined,
        progress,
    }))
        add(into, item, timeline);
    if (cached && (!prev || progress.offset !== start || prev.timelineExtended)) {
        const data = {
            version: VERSION,
            dataset,
            inode: st.ino,
            offset: progress.offset,
            next_line: progress.nextLine,
            tail_sha256: await tailHash(datasetPath, progress.offset),
            timeline: timeline.map((step) => ({
                from: Number.isFinite(step.from) ? step.from : null,
                adapter: step.adapter,
            })),
            max_timestamp_ms: Number.isFinite(into.maxTimestampMs) ? into.maxTimestampMs : null,
            attributed: into.attributed,
            unattributed: into.unattributed,
            unattributed_examples: into.unattributed_examples,
            bad_lines: into.bad_lines,
            tallies: [...into.tallies].map(([adapter, t]) => ({
                adapter,
                records: t.records,
                successes: t.successes,
                goals: [...t.goals.keys()],
                goal_n: [...t.goals.values()].map((g) => g.n),
                goal_s: [...t.goals.values()].map((g) => g.s),
            })),
        };
        // A cache, validated on every use: no fsync, and failing to write it (read-only folder) fails nothing.
        await writeJsonAtomic(cacheFile, data, { durable: false }).catch(() => undefined);
    }
    const { tallies, attributed, unattributed, unattributed_examples, bad_lines } = into;
    return {
        tallies,
        attributed,
        unattributed,
        unattributed_examples,
        bad_lines,
        scan: prev ? 'incremental' : 'full',
    };
}
const fresh = () => ({
    tallies: new Map(),
    attributed: 0,
    unattributed: 0,
    unattributed_examples: [],
    bad_lines: 0,
    maxTimestampMs: -Infinity,
});
function add(state, item, timeline) {
    if (item.kind === 'bad') {
        state.bad_lines++;
        return;
    }
    const who = attribute(item.record, timeline);
    if (who.adapter === null) {
        state.unattributed++;
        if (state.unattributed_examples.length < EXAMPLES)
            state.unattributed_examples.push({ line: item.line, reason: who.reason });
        return;
    }
    if (item.record.adapter === undefined) {
        // Attributed by its timestamp (attribute read one, or it would be unattributed).
        const ms = timestampMs(item.record.timestamp) ?? -Infinity;
        if (ms > state.maxTimestampMs)
            state.maxTimestampMs = ms;
    }
    state.attributed++;
    const tally = state.tallies.get(who.adapter) ?? emptyTally();
    state.tallies.set(who.adapter, tally);
    const ok = isSuccess(item.record);
    tally.records++;
    if (ok)
        tally.successes++;
    const goal = normalizeGoal(item.record.goal);
    const g = tally.goals.get(goal) ?? { n: 0, s: 0 };
    g.n++;
    if (ok)
        g.s++;
    tally.goals.set(goal, g);
}
async function loadCache(file, dataset, inode, size, timeline) {
    let parsed;
    try {
        // A cache: anything but a regular file there is no cache (the next write replaces it).
        if (await nonRegularKindOf(file))
            return undefined;
        parsed = CacheSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    }
    catch {
        return undefined;
    }
    // Truncated, replaced or rewritten datasets are recounted from the start.
    if (parsed.dataset !== dataset || parsed.inode !== inode || parsed.offset > size)
        return undefined;
    const extended = timelineKeyMatches(parsed, timeline);
    if (extended === null)
        return undefined;
    const state = stateOf(parsed);
    if (!state)
        return undefined;
    if ((await tailHash(dataset, parsed.offset)) !== parsed.tail_sha256)
        return undefined;
    return { state, offset: parsed.offset, nextLine: parsed.next_line, timelineExtended: extended };
}
/**
 * Whether counts attributed against the cached timeline still hold under `timeline`: false when it is the same,
 * true when it only gained later activations, null when they must be recounted.
 *
 * An unstamped record is attributed by its timestamp, so an activation recorded after the record was written can
 * change whom it belongs to: a timestamp in the future, a clock that went back, an agent that logs late, a history
 * edited by hand. Any change to the timeline therefore invalidates the counts — save one that provably changes no
 * counted record: the old timeline is a prefix of the new one and every added activation starts after the latest
 * timestamp the cache attributed by (attribute takes the last step with `from <= ms`, so such steps take none).
 * That keeps the first tick after an activation, the one the live gate watches most, incremental. Stamped records
 * never depend on the timeline; the rest of the history (run names, reasons, rollbacks' order of predecessors) is
 * read by liveScores on every call and never cached.
 */
function timelineKeyMatches(parsed, timeline) {
    const old = parsed.timeline;
    if (old.length > timeline.length)
        return null;
    for (let i = 0; i < old.length; i++) {
        const step = timeline[i];
        const from = Number.isFinite(step.from) ? step.from : null;
        if (old[i].from !== from || old[i].adapter !== step.adapter)
            return null;
    }
    if (old.length === timeline.length)
        return false;
    const latest = parsed.max_timestamp_ms ?? -Infinity;
    for (let i = old.length; i < timeline.length; i++)
        if (!(timeline[i].from > latest))
            return null;
    return true;
}
/** The cached counts as tallies, or undefined when they contradict themselves (a hand-edited or damaged file). */
function stateOf(parsed) {
    const tallies = new Map();
    let attributed = 0;
    for (const t of parsed.tallies) {
        const { goals, goal_n: n, goal_s: s } = t;
        if (tallies.has(t.adapter) || n.length !== goals.length || s.length !== goals.length)
            return undefined;
        const tally = { records: t.records, successes: t.successes, goals: new Map() };
        let records = 0;
        let successes = 0;
        for (let i = 0; i < goals.length; i++) {
            if (s[i] > n[i])
                return undefined;
            tally.goals.set(goals[i], { n: n[i], s: s[i] });
            records += n[i];
            successes += s[i];
        }
        if (tally.goals.size !== goals.length || records !== t.records || successes !== t.successes)
            return undefined;
        attributed += t.records;
        tallies.set(t.adapter, tally);
    }
    if (attributed !== parsed.attributed || parsed.unattributed_examples.length > EXAMPLES)
        return undefined;
    if (parsed.unattributed_examples.length > parsed.unattributed)
        return undefined;
    return {
        tallies,
        attributed: parsed.attributed,
        unattributed: parsed.unattributed,
        unattributed_examples: parsed.unattributed_examples,
        bad_lines: parsed.bad_lines,
        maxTimestampMs: parsed.max_timestamp_ms ?? -Infinity,
    };
}
//# sourceMappingURL=live-scores-cache.js.map