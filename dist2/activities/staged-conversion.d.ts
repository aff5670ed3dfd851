import type { ConversionResult } from '../learning/examples/convert.js';
/** A conversion's output; with an artifact store, where its splits were uploaded (keyed by the snapshot's sha). */
export type StagedConversion = ConversionResult & {
    stored?: {
        location: string;
        data: string;
        compare_adapter: string | null;
    } | null;
};
