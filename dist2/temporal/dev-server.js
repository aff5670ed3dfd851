import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { execa } from 'execa';
import { SEARCH_ATTRIBUTES } from './search-attributes.js';
import { ensureTemporalCli, TEMPORAL_CLI_VERSION } from './temporal-cli.js';
import { freePort } from '../shared/free-port.js';
import { signalGroup, stopGroup } from '../shared/process-group.js';
export function defaultDbPath(dbDir) {
    return path.join(dbDir, `dev-${TEMPORAL_CLI_VERSION}.db`);
}
/** Starts `temporal server start-dev` in its own process group and resolves once it answers. */
export async function startDevServer(options) {
    const cli = await ensureTemporalCli();
    const port = options.port ?? (await freePort());
    const uiPort = options.uiPort ?? (await freePort());
    const namespace = options.namespace ?? 'default';
    await mkdir(path.dirname(options.dbPath), { recursive: true });
    const logPath = options.logPath ?? `${options.dbPath}.log`;
    const args = [
        'server',
        'start-dev',
        '--db-filename',
        options.dbPath,
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--namespace',
        namespace,
        '--log-level',
        'warn',
        ...(options.searchAttributes === false
            ? []
            : Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
                '--search-attribute',
                `${name}=${type}`,
            ])),
        ...(options.ui === false ? ['--headless'] : ['--ui-port', String(uiPort)]),
    ];
    const child = execa(cli.path, args, {
        detached: true,
        stdin: 'ignore',
        stdout: { file: logPath, append: true },
        stderr: { file: logPath, append: true },
        reject: false,
    });
    // Detached (its own group, so stop() can signal all of it) means it would outlive us: whatever way this
    // process exits short of SIGKILL, take the server with it.
    const killOnExit = () => signalGroup(child.pid, 'SIGKILL');
    process.once('exit', killOnExit);
    void child.finally(() => process.off('exit', killOnExit));
    const address = `127.0.0.1:${port}`;
    try {
        await waitUntilHealthy(address, namespace, child, logPath);
    }
    catch (err) {
        signalGroup(child.pid, 'SIGKILL');
        throw err;
    }
    let stopped;
    return {
        address,
        uiUrl: options.ui === false ? null : `http://127.0.0.1:${uiPort}`,
        namespace,
        pid: child.pid,
        stop: () => 
        // The UI server and other helpers share the group: none outlives the server.
        (stopped ??= stopGroup(child.pid, child, 10_000)),
    };
}
async function waitUntilHealthy(address, namespace, child, logPath) {
    let exited = false;
    void child.then(() => (exited = true));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
        if (exited)
            throw new Error(`the Temporal dev server exited during start-up; see ${logPath}`);
        if (await portOpen(address)) {
            try {
                const connection = await Connection.connect({ address, connectTimeout: 1000 });
                try {
                    await connection.workflowService.describeNamespace({ namespace });
                    return;
                }
                finally {
                    await connection.close();
                }
            }
            catch {
                // not ready yet
            }
        }
        await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`the Temporal dev server did not answer on ${address} within 60 s; see ${logPath}`);
}
export function portOpen(address) {
    const [host, port] = address.split(':');
    return new Promise((resolve) => {
        const socket = net.connect({ host, port: Number(port) });
        socket.setTimeout(500);
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('timeout', () => (socket.destroy(), resolve(false)));
        socket.once('error', () => resolve(false));
    });
}
//# sourceMappingURL=dev-server.js.map