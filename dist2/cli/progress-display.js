/** Renders the workflow's progress query on stderr: a redrawn bar on a terminal, changed stages otherwise. */
export class ProgressDisplay {
    stream;
    showDeviceNote;
    lastLine = '';
    noted = new Set();
    constructor(stream = process.stderr, 
    /** false when this process's own GPU worker trains: its log already printed the note on this stream. */
    showDeviceNote = true) {
        this.stream = stream;
        this.showDeviceNote = showDeviceNote;
    }
    update(p, waiting = null) {
        if (this.showDeviceNote && p?.device_note && !this.noted.has(p.device_note)) {
            // Once, on a line of its own (too long for the redrawn bar): a CPU fallback is minutes against days.
            this.noted.add(p.device_note);
            this.stream.write(`${this.stream.isTTY ? '\r\x1b[2K' : ''}warning: ${p.device_note}\n`);
            this.lastLine = '';
        }
        const line = [p ? format(p) : '', waiting ?? ''].filter(Boolean).join(' — ');
        if (line === this.lastLine)
            return;
        this.lastLine = line;
        if (this.stream.isTTY)
            this.stream.write(`\r\x1b[2K${line}`);
        else
            this.stream.write(line + '\n');
    }
    end() {
        if (this.stream.isTTY && this.lastLine)
            this.stream.write('\n');
    }
}
export function format(p) {
    if (p.stage === 'training' && p.total_steps) {
        const step = p.step ?? 0;
        const width = 24;
        const filled = Math.round((step / p.total_steps) * width);
        const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
        const loss = p.loss === null ? '' : ` loss ${p.loss.toFixed(4)}`;
        const eta = p.eta_seconds === null ? '' : ` eta ${Math.round(p.eta_seconds)}s`;
        return `training [${bar}] ${step}/${p.total_steps}${loss}${eta}`;
    }
    const counts = [
        p.sample_count !== null ? `${p.sample_count} samples` : '',
        p.train_examples !== null ? `${p.train_examples} train / ${p.eval_examples ?? 0} eval` : '',
    ].filter(Boolean);
    return `${p.stage}${counts.length ? ` (${counts.join(', ')})` : ''}`;
}
//# sourceMappingURL=progress-display.js.map