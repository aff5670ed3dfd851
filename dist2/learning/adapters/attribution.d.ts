import type { HistoryEntry } from './adapter-registry.js';
/** What a record made while no adapter was active is attributed to. */
export declare const BASE_MODEL = "base";
/** An adapter's name in scores and records: its run's folder name (`…/<run>/adapter` → `<run>`). */
export declare function adapterName(adapterPath: string | null): string;
/**
 * Reads which adapter is active now, for stamping records as they are appended: overrides.yaml, read again only
 * when it changed (a stat per record, not a YAML parse), else the config's own `learning.active_adapter_path`.
 * Returns null when it cannot tell (an overrides file that does not parse): better unstamped, and attributed later
 * by timestamp, than stamped wrong.
 */
export declare class ActiveAdapterProbe {
    readonly overridesPath: string;
    readonly fallback: string | null;
    private seen;
    constructor(overridesPath: string, fallback?: string | null);
    current(): Promise<string | null>;
}
/** The overrides file of the project that holds `datasetPath` (the nearest folder above it with config/), if any. */
export declare function overridesFileNear(datasetPath: string): string | null;
/** The record's JSON line with `adapter` added, unless the agent set one itself (kept as written, even if bad). */
export declare function stampedLine(record: object, adapter: string | null): string;
export type Attribution = {
    adapter: string;
} | {
    adapter: null;
    reason: string;
};
/** When each adapter became active, oldest first, to attribute records by their timestamp. */
export type Timeline = {
    from: number;
    adapter: string;
}[];
export declare function timelineOf(history: readonly HistoryEntry[]): Timeline;
/** A record's timestamp in ms: ISO text, or a number of seconds (Python's time.time()) or milliseconds. */
export declare function timestampMs(value: unknown): number | null;
/** Which adapter produced a record: its own stamp, else its timestamp against the activations, else none. */
export declare function attribute(record: {
    adapter?: unknown;
    timestamp?: unknown;
}, timeline: Timeline): Attribution;
