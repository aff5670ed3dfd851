import type { TrainingProgress } from '../shared/training-contract.js';
/** Renders the workflow's progress query on stderr: a redrawn bar on a terminal, changed stages otherwise. */
export declare class ProgressDisplay {
    private readonly stream;
    /** false when this process's own GPU worker trains: its log already printed the note on this stream. */
    private readonly showDeviceNote;
    private lastLine;
    private noted;
    constructor(stream?: NodeJS.WriteStream, 
    /** false when this process's own GPU worker trains: its log already printed the note on this stream. */
    showDeviceNote?: boolean);
    update(p: TrainingProgress | null, waiting?: string | null): void;
    end(): void;
}
export declare function format(p: TrainingProgress): string;
