/** Streams lines into a temp file and publishes it with fsync + rename on commit(); abort() leaves no trace. */
export declare class AtomicLineWriter {
    readonly file: string;
    private readonly tmp;
    private readonly handle;
    private parts;
    private size;
    /** The write in flight: the next chunk is built while this one reaches the kernel. */
    private inFlight;
    private constructor();
    static open(file: string): Promise<AtomicLineWriter>;
    writeLine(line: string): Promise<void>;
    /** Waits for the previous chunk only, then starts this one without waiting: parsing overlaps writing. */
    private drain;
    commit(): Promise<void>;
    /** Moves every line written so far into `other` and empties this file (used when a split is dropped). */
    moveLinesInto(other: AtomicLineWriter): Promise<void>;
    abort(): Promise<void>;
}
