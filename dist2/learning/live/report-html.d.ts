import type { HistoryEntry } from '../adapters/adapter-registry.js';
import type { LiveScores } from './live-scores.js';
/** One run folder as the report shows it. */
export type ReportRun = {
    run: string;
    strategy: string;
    created_at: string;
    eval_loss: number | null;
    /** The trainer's loss.svg, verbatim, when the run has one (dry runs do not). */
    lossSvg: string | null;
};
export type ReportData = {
    generatedAt: Date;
    project: string;
    datasetPath: string;
    scores: LiveScores;
    history: readonly HistoryEntry[];
    runs: readonly ReportRun[];
};
/** Fixed colours, one per adapter in order of appearance: the test finds them in the rendered pixels. */
export declare const PALETTE: string[];
export declare const ROLLBACK_COLOUR = "#d62728";
/** In every report's head: what `agi-core report` may overwrite. */
export declare const REPORT_MARKER = "<meta name=\"generator\" content=\"agi-core report\">";
type Period = {
    adapter: string;
    from: number;
    to: number;
};
/** When each adapter was live: from its activation to the next one (the last until now), on the timeline the
 *  records are attributed by; the time before the first activation is drawn as a short lead-in. */
export declare function livePeriods(history: readonly HistoryEntry[], now: number): Period[];
/** The whole page: one file, inline CSS and SVG, images as data: URLs — no server, no network, no script. */
export declare function renderReport(data: ReportData): string;
export {};
