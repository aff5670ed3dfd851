import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readActiveAdapterSetting } from './overrides-file.js';
/** What a record made while no adapter was active is attributed to. */
export const BASE_MODEL = 'base';
/** An adapter's name in scores and records: its run's folder name (`…/<run>/adapter` → `<run>`). */
export function adapterName(adapterPath) {
    if (!adapterPath)
        return BASE_MODEL;
    const clean = adapterPath.replace(/[\\/]+$/, '');
    const base = path.basename(clean);
    return base === 'adapter' ? path.basename(path.dirname(clean)) : base;
}
/**
 * Reads which adapter is active now, for stamping records as they are appended: overrides.yaml, read again only
 * when it changed (a stat per record, not a YAML parse), else the config's own `learning.active_adapter_path`.
 * Returns null when it cannot tell (an overrides file that does not parse): better unstamped, and attributed later
 * by timestamp, than stamped wrong.
 */
export class ActiveAdapterProbe {
    overridesPath;
    fallback;
    seen = null;
    constructor(overridesPath, fallback = null) {
        this.overridesPath = overridesPath;
        this.fallback = fallback;
    }
    async current() {
        const info = await stat(this.overridesPath).catch(() => null);
        const key = info ? `${info.mtimeMs}:${info.size}:${info.ino}` : 'absent';
        if (this.seen?.key === key)
            return this.seen.name;
        let name;
        try {
            const setting = await readActiveAdapterSetting(this.overridesPath);
            // A key written as null is the base model (a rollback to it), not "ask the config".
            name = adapterName(setting.set ? setting.value : this.fallback);
        }
        catch {
            name = null;
        }
        this.seen = { key, name };
        return name;
    }
}
/** The overrides file of the project that holds `datasetPath` (the nearest folder above it with config/), if any. */
export function overridesFileNear(datasetPath) {
    for (let dir = path.dirname(path.resolve(datasetPath));; dir = path.dirname(dir)) {
        if (existsSync(path.join(dir, 'config', 'default.yaml')))
            return path.join(dir, 'config', 'overrides.yaml');
        if (path.dirname(dir) === dir)
            return null;
    }
}
/** The record's JSON line with `adapter` added, unless the agent set one itself (kept as written, even if bad). */
export function stampedLine(record, adapter) {
    if (adapter === null || Object.hasOwn(record, 'adapter'))
        return JSON.stringify(record);
    return JSON.stringify({ ...record, adapter });
}
export function timelineOf(history) {
    const entries = history
        .map((e) => ({ at: Date.parse(e.at), e }))
        .filter((x) => Number.isFinite(x.at))
        .sort((a, b) => a.at - b.at);
    const first = entries[0];
    // Before the first recorded activation, whatever that activation replaced was live.
    const timeline = [{ from: -Infinity, adapter: adapterName(first?.e.previous ?? null) }];
    // Named from the adapter's path, as the stamps are (a run with --output-dir has a folder name of its own).
    for (const { at, e } of entries)
        timeline.push({ from: at, adapter: adapterName(e.adapter_path) });
    return timeline;
}
/** A record's timestamp in ms: ISO text, or a number of seconds (Python's time.time()) or milliseconds. */
export function timestampMs(value) {
    if (typeof value === 'number' && Number.isFinite(value) && value > 0)
        return value < 1e11 ? value * 1000 : value;
    if (typeof value === 'string' && value.trim()) {
        const ms = Date.parse(value);
        return Number.isFinite(ms) ? ms : null;
    }
    return null;
}
// Whatever adapterName can return: a folder name, so anything without control characters, of a sane length.
const isRunName = (s) => s.trim().length > 0 && s.length <= 200 && [...s].every((c) => c >= ' ' && c !== '\u007f');
/** Which adapter produced a record: its own stamp, else its timestamp against the activations, else none. */
export function attribute(record, timeline) {
    if (record.adapter !== undefined) {
        if (typeof record.adapter === 'string' && isRunName(record.adapter))
            return { adapter: record.adapter };
        const shown = JSON.stringify(record.adapter) ?? typeof record.adapter;
        return { adapter: null, reason: `adapter field is not a run name (got ${shown.slice(0, 60)})` };
    }
    const ms = timestampMs(record.timestamp);
    if (ms === null) {
        return {
            adapter: null,
            reason: record.timestamp === undefined
                ? 'no adapter field and no timestamp'
                : 'no adapter field and an unreadable timestamp',
        };
    }
    let adapter = timeline[0]?.adapter ?? BASE_MODEL;
    for (const step of timeline)
        if (step.from <= ms)
            adapter = step.adapter;
    return { adapter };
}
//# sourceMappingURL=attribution.js.map