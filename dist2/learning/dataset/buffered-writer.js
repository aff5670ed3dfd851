import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from '../../shared/atomic-write.js';
/** Streams lines into a temp file and publishes it with fsync + rename on commit(); abort() leaves no trace. */
export class AtomicLineWriter {
    file;
    tmp;
    handle;
    parts = [];
    size = 0;
    /** The write in flight: the next chunk is built while this one reaches the kernel. */
    inFlight = Promise.resolve();
    constructor(file, tmp, handle) {
        this.file = file;
        this.tmp = tmp;
        this.handle = handle;
    }
    static async open(file) {
        const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
        return new AtomicLineWriter(file, tmp, await open(tmp, 'w'));
    }
    async writeLine(line) {
        this.parts.push(line, '\n');
        this.size += line.length + 1;
        // Batch small writes: one syscall per ~1 MB keeps conversion near disk speed.
        if (this.size >= 1 << 20)
            await this.drain();
    }
    /** Waits for the previous chunk only, then starts this one without waiting: parsing overlaps writing. */
    async drain() {
        if (!this.parts.length)
            return;
        const chunk = this.parts.join('');
        this.parts = [];
        this.size = 0;
        await this.inFlight;
        this.inFlight = this.handle.write(chunk);
    }
    async commit() {
        await this.drain();
        await this.inFlight;
        await this.handle.sync();
        await this.handle.close();
        await rename(this.tmp, this.file);
        await fsyncDir(path.dirname(this.file));
    }
    /** Moves every line written so far into `other` and empties this file (used when a split is dropped). */
    async moveLinesInto(other) {
        await this.drain();
        await this.inFlight;
        const text = await readFile(this.tmp, 'utf8');
        for (const line of text.split('\n'))
            if (line)
                await other.writeLine(line);
        await this.handle.truncate(0);
    }
    async abort() {
        await this.inFlight.catch(() => undefined);
        await this.handle.close().catch(() => undefined);
        await rm(this.tmp, { force: true });
    }
}
//# sourceMappingURL=buffered-writer.js.map