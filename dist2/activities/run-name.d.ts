/** `20261125T195100123Z-1a2b3c4d`: sortable by time, unique per workflow run, the same on every retry. */
export declare function runNameFor(startTimeIso: string, runId: string): string;
