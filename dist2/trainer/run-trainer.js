import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { execa } from 'execa';
import { writeJsonAtomic } from '../shared/atomic-write.js';
import { parseTrainerLine } from '../shared/trainer-protocol.js';
import { TRAINER_DIR } from './venv.js';
import { stopGroup } from '../shared/process-group.js';
/** Environment the trainer sees: only what it needs, never the worker's secrets. */
function trainerEnv(extra) {
    const keep = [
        'PATH',
        'HOME',
        'LANG',
        'LC_ALL',
        'TMPDIR',
        'HF_HOME',
        'HF_HUB_OFFLINE',
        'HF_TOKEN',
        'TRANSFORMERS_CACHE',
        'CUDA_VISIBLE_DEVICES',
        'OMP_NUM_THREADS',
        'OPENBLAS_CORETYPE',
        'OPENBLAS_L2_SIZE',
        'XDG_CACHE_HOME',
    ];
    const env = {};
    for (const key of keep)
        if (process.env[key] !== undefined)
            env[key] = process.env[key];
    for (const [k, v] of Object.entries(extra))
        if (v !== undefined)
            env[k] = v;
    return {
        ...env,
        PYTHONPATH: TRAINER_DIR,
        PYTHONUNBUFFERED: '1',
        TOKENIZERS_PARALLELISM: 'false',
        HF_HUB_DISABLE_TELEMETRY: '1',
    };
}
/** Spawns `python -m agi_trainer train --spec FILE` in its own process group and streams its protocol events. */
export function startTrainer(options) {
    return spawnAgiTrainer('train', 'done', options);
}
/** Spawns `python -m agi_trainer rollout --spec FILE`: the model acting on a task suite. */
export function startRollout(options) {
    return spawnAgiTrainer('rollout', 'rollout_done', options);
}
async function spawnAgiTrainer(command, doneEvent, options) {
    await writeJsonAtomic(options.specPath, options.spec);
    await mkdir(path.dirname(options.logPath), { recursive: true });
    const log = createWriteStream(options.logPath, { flags: 'a' });
    const child = execa(options.python, ['-m', 'agi_trainer', command, '--spec', options.specPath], {
        detached: true,
        extendEnv: false,
        env: trainerEnv({ CUDA_VISIBLE_DEVICES: options.cudaVisibleDevices }),
        stdin: 'ignore',
        stdout: 'pipe',
        stderr: 'pipe',
        reject: false,
        buffer: false,
    });
    const events = [];
    let stderrTail = '';
    child.stderr?.on('data', (chunk) => {
        log.write(chunk);
        stderrTail = (stderrTail + chunk.toString()).slice(-4000);
    });
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
        const event = parseTrainerLine(line);
        if (!event) {
            // Not protocol (a library's print, a torn line): keep it in the log, never crash on it.
            log.write(`[stdout] ${line}\n`);
            return;
        }
        events.push(event);
        options.onEvent(event);
    });
    const closed = new Promise((resolve) => lines.once('close', resolve));
    const result = (async () => {
        const exit = await child;
        await closed;
        await new Promise((resolve) => log.end(resolve));
        const done = events.find((e) => e.event === doneEvent);
        if (done && exit.exitCode === 0)
            return { kind: 'done', event: done, events };
        const error = events.findLast((e) => e.event === 'error');
        if (error)
            return { kind: 'error', event: error, events };
        return { kind: 'crashed', exitCode: exit.exitCode, signal: exit.signal, stderrTail, events };
    })();
    const pid = child.pid;
    return {
        result,
        pid,
        // Data-loader children and the like share the group: none may outlive the trainer.
        stop: (graceMs) => stopGroup(pid, result, graceMs),
    };
}
//# sourceMappingURL=run-trainer.js.map