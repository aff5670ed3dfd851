import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../../src/config/load-config.js';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.js';
import {
  createGpuWorker,
  createLearningWorker,
  installQuietRuntime,
} from '../../src/workers/create-workers.js';

export type TestServer = DevServer & { dbPath: string; client: Client; close(): Promise<void> };

/** A real Temporal dev server on a free port with a temp SQLite file, and a client for it. */
export async function startTestServer(
  dbPath?: string,
  options: { searchAttributes?: boolean } = {},
): Promise<TestServer> {
  const db = dbPath ?? path.join(await mkdtemp(path.join(os.tmpdir(), 'agi-core-temporal-')), 'dev.db');
  const server = await startDevServer({ dbPath: db, ui: false, ...options });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace });
  return {
    ...server,
    dbPath: db,
    client,
    async close() {
      await connection.close();
      await server.stop();
    },
  };
}

export type RunningWorkers = { workers: Worker[]; stop(): Promise<void> };

/** In-process learning + GPU workers for `config`, against `address`. */
export async function runWorkers(
  config: Config,
  address: string,
  which: { learning?: boolean; gpu?: boolean } = {},
): Promise<RunningWorkers> {
  installQuietRuntime();
  const connection = await NativeConnection.connect({ address });
  const workers: Worker[] = [];
  if (which.learning !== false) workers.push(await createLearningWorker(config, connection));
  if (which.gpu !== false) workers.push(await createGpuWorker(config, connection));
  const runs = workers.map((w) => w.run());
  return {
    workers,
    async stop() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await Promise.allSettled(runs);
      await connection.close();
    },
  };
}

/**
 * One real dev server for a test file: started before its tests, stopped after them. Returns a getter, since
 * the server exists only once beforeAll ran.
 */
export function useTestServer(
  options: { dbPath?: string; searchAttributes?: boolean } = {},
): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(options.dbPath, { searchAttributes: options.searchAttributes });
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('useTestServer: the server starts in beforeAll; read it inside a test');
    return server;
  };
}
