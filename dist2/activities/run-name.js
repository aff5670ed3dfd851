/** `20261125T195100123Z-1a2b3c4d`: sortable by time, unique per workflow run, the same on every retry. */
export function runNameFor(startTimeIso, runId) {
    const stamp = startTimeIso.replace(/[-:]/g, '').replace('.', '');
    return `${stamp}-${runId.replace(/-/g, '').slice(0, 8)}`;
}
//# sourceMappingURL=run-name.js.map