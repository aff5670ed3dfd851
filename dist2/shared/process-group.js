/**
 * Signals a detached child's whole process group (its pid is the group id): helpers it started (the trainer's
 * data-loader workers, the dev server's UI) go with it. A group already gone is not an error.
 */
export function signalGroup(pid, signal) {
    if (!pid)
        return;
    try {
        process.kill(-pid, signal);
    }
    catch {
        // group already gone
    }
}
/**
 * Stops a process group: SIGTERM, SIGKILL after `graceMs` if the leader is still up, then SIGKILL once more so
 * that nothing the leader left behind outlives it.
 */
export async function stopGroup(pid, exited, graceMs) {
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    await exited.catch(() => undefined);
    clearTimeout(timer);
    signalGroup(pid, 'SIGKILL');
}
//# sourceMappingURL=process-group.js.map