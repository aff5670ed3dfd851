import { connectClient, connectWorker } from '../temporal/connection.js';
import { defaultDbPath, portOpen, startDevServer } from '../temporal/dev-server.js';
import { livePollers } from '../temporal/run-status.js';
import { ensureSearchAttributes } from '../temporal/search-attributes.js';
import { openStore } from '../storage/open-store.js';
import { createGpuWorker, createLearningWorker, installQuietRuntime } from './create-workers.js';
/**
 * Connects to the configured cluster, or — with no address configured — to the embedded dev server,
 * starting it (SQLite under temporal.embedded.db_dir) when nothing answers on its port.
 */
export async function openStack(config, options = {}) {
    const write = options.log ?? ((s) => process.stderr.write(s));
    const log = (line) => write(line + '\n');
    const namespace = options.namespace ?? config.temporal.namespace;
    const configured = options.address ?? config.temporal.address;
    let server;
    let address;
    let mode;
    let uiUrl = null;
    if (configured) {
        address = configured;
        mode = 'cluster';
    }
    else {
        const { port, ui_port, db_dir } = config.temporal.embedded;
        address = `127.0.0.1:${port}`;
        if (await portOpen(address)) {
            mode = 'embedded-reused';
            uiUrl = `http://127.0.0.1:${ui_port}`;
        }
        else {
            log(`agi-core: no Temporal address configured; starting the embedded dev server on ${address}…`);
            server = await startDevServer({ dbPath: defaultDbPath(db_dir), port, uiPort: ui_port, namespace });
            mode = 'embedded-started';
            uiUrl = server.uiUrl;
            log(`agi-core: Temporal Web UI at ${uiUrl}`);
        }
    }
    const workers = [];
    const runs = [];
    const running = new Set();
    let client;
    let closeConnection = async () => { };
    let nativeConnection;
    /** One worker in this process; the first also checks the store and search attributes and connects. */
    const start = async (kind) => {
        if (!nativeConnection) {
            const store = openStore(config);
            if (store) {
                await store.check();
                log(`agi-core: artifact store ${store.location}`);
            }
            const sa = await ensureSearchAttributes(connected.connection, namespace);
            if (sa.created.length)
                log(`agi-core: registered search attributes ${sa.created.join(', ')} in ${namespace}`);
            if (sa.warning)
                log(`agi-core: ${sa.warning}`);
            installQuietRuntime();
            const native = (nativeConnection = await connectWorker(address, mode === 'cluster' ? config : undefined));
            const closeClient = closeConnection;
            closeConnection = async () => {
                await closeClient();
                await native.close();
            };
        }
        const stackConfig = { ...config, temporal: { ...config.temporal, namespace } };
        const worker = kind === 'learning'
            ? await createLearningWorker(stackConfig, nativeConnection)
            : await createGpuWorker(stackConfig, nativeConnection);
        running.add(kind);
        workers.push(worker);
        runs.push(worker.run());
    };
    let connected;
    try {
        connected = await connectClient(address, namespace, mode === 'cluster' ? config : undefined, mode === 'cluster'
            ? undefined
            : 'temporal.embedded.port: something that is not a Temporal server listens there; stop it or set temporal.embedded.port');
        client = connected.client;
        const clientConnection = connected.connection;
        closeConnection = () => clientConnection.close();
        const wanted = await workersToStart(client, config, mode, options.workers ?? 'none');
        if (options.workers === 'if-missing' && mode === 'embedded-reused') {
            const shared = [wanted.learning ? '' : 'learning', wanted.gpu ? '' : 'GPU'].filter(Boolean);
            if (shared.length)
                log(`agi-core: using the ${shared.join(' and ')} worker(s) already polling on ${address}`);
        }
        if (wanted.learning)
            await start('learning');
        if (wanted.gpu)
            await start('gpu');
    }
    catch (err) {
        await server?.stop();
        throw err;
    }
    let closing;
    // Starts run one at a time, and close() waits for one in flight: a worker created while closing is never orphaned.
    let starting = Promise.resolve();
    const startMissing = (kind) => {
        const next = starting.then(async () => {
            if (mode === 'cluster' || running.has(kind) || closing)
                return false;
            await start(kind);
            return true;
        });
        starting = next.catch(() => undefined);
        return next;
    };
    return {
        client,
        address,
        namespace,
        mode,
        uiUrl,
        workers,
        startMissing,
        close: () => (closing ??= (async () => {
            await starting;
            for (const worker of workers)
                if (worker.getState() === 'RUNNING')
                    worker.shutdown();
            await Promise.allSettled(runs);
            await closeConnection().catch(() => undefined);
            await server?.stop();
        })()),
    };
}
/** Which in-process workers a command needs: none on a cluster, and none that another process already runs. */
async function workersToStart(client, config, mode, wanted) {
    if (wanted === 'always')
        return { learning: true, gpu: true };
    if (wanted === 'none' || mode === 'cluster')
        return { learning: false, gpu: false };
    if (mode === 'embedded-started')
        return { learning: true, gpu: true };
    const { learning, gpu_training } = config.temporal.task_queues;
    const [workflowPollers, gpuPollers] = await Promise.all([
        livePollers(client, learning, 'workflow'),
        livePollers(client, gpu_training, 'activity'),
    ]);
    return { learning: workflowPollers === 0, gpu: gpuPollers === 0 };
}
//# sourceMappingURL=stack.js.map