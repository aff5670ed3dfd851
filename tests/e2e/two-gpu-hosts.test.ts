import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { sampleRecords, toJsonl } from '../../src/learning/dataset/sample-records.js';
import { completeFolders } from '../../src/storage/folders.js';
import { startLocalS3, type LocalS3 } from '../../src/storage/local-s3.js';
import { S3Store } from '../../src/storage/s3-store.js';
import { startTestServer, type TestServer } from '../helpers/temporal.js';
import { waitFor } from '../helpers/wait.js';
import { startProcess } from '../helpers/processes.js';

const TRAIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core-train.js');
const AGI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const BUCKET = 'agi-core-chaos';
const PREFIX = 'fleet';

let server: TestServer;
let s3: LocalS3;
let tmp: string;
const saved = { ...process.env };
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'agi-core-fleet-'));
  // What an operator runs: `temporal server start-dev` with nothing registered, and an S3 server.
  server = await startTestServer(undefined, { searchAttributes: false });
  s3 = await startLocalS3({ dataDir: path.join(tmp, 's3'), bucket: BUCKET });
  Object.assign(process.env, s3.env);
});
afterAll(async () => {
  process.env = saved;
  await server?.close();
  await s3?.stop();
  await rm(tmp, { recursive: true, force: true });
});

/**
 * One host's own project folder: the seed's learning: keys, the storage: section every host shares, and what a
 * GPU host sets for itself (its trainer's Python, its scratch folder, how often it checkpoints).
 */
async function host(name: string, extra: string[], records?: number, prefix = PREFIX) {
  const root = path.join(tmp, name);
  await mkdir(path.join(root, 'config'), { recursive: true });
  await mkdir(path.join(root, 'storage', 'learning'), { recursive: true });
  if (records)
    await writeFile(path.join(root, 'storage', 'learning', 'dataset.jsonl'), toJsonl(sampleRecords(records)));
  const configPath = path.join(root, 'config', 'default.yaml');
  await writeFile(
    configPath,
    [
      'learning:',
      '  dataset_path: storage/learning/dataset.jsonl',
      '  min_samples_for_training: 50',
      '  training_strategy: lora',
      `  training_base_model: ${inject('tinyModel')}`,
      '  training_output_dir: storage/learning/models',
      '  training_metadata_path: storage/learning/models/latest.json',
      '  training_overrides_path: config/overrides.yaml',
      // Long enough to be interrupted mid-way.
      '  max_train_steps: 200',
      '  training_epochs: 50',
      '  learning_rate: 0.003',
      'storage:',
      `  url: s3://${BUCKET}/${prefix}`,
      `  endpoint: ${s3.endpoint}`,
      ...extra,
      '',
    ].join('\n'),
  );
  return { root, configPath };
}

function gpuHost(name: string, prefix = PREFIX, trainer: string[] = []) {
  return host(
    name,
    [
      'trainer:',
      `  python: ${inject('trainerPython')}`,
      '  save_steps: 4',
      '  scratch_dir: scratch',
      '  kill_grace_seconds: 8',
      ...trainer,
    ],
    undefined,
    prefix,
  );
}

/** A worker or CLI process on the test's Temporal server, with the S3 server's credentials. */
function startHostProcess(args: string[], ready: RegExp) {
  return startProcess(args, ready, { env: { TEMPORAL_ADDRESS: server.address, ...s3.env } });
}

async function trainerPids(pattern: string): Promise<number[]> {
  const r = await execa('pgrep', ['-f', `agi_trainer train --spec ${pattern}`], { reject: false });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

/**
 * The chaos both runs below go through: a learning host and GPU host A as separate processes, each in its own
 * folder; agi-core-train on the learning host; A killed -9 (worker and trainer) once its first checkpoint is
 * complete in the bucket; GPU host B started, which must resume the run from the store. Processes go into
 * `children` for the caller to stop.
 */
async function loseTheFirstGpuHost(prefix: string, trainer: string[], children: ResultPromise[]) {
  const learningHost = await host(
    `${prefix}-learning`,
    // The learning host decides the run's settings (checkpoint every 4 steps); GPU hosts add their own.
    ['trainer:', '  heartbeat_timeout_seconds: 5', '  save_steps: 4'],
    64,
    prefix,
  );
  const gpuA = await gpuHost(`${prefix}-gpu-a`, prefix, trainer);
  const gpuB = await gpuHost(`${prefix}-gpu-b`, prefix, trainer);
  const store = new S3Store({
    bucket: BUCKET,
    prefix,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
  });
  const learning = startHostProcess([AGI, 'worker', '--config', learningHost.configPath], /polling/);
  children.push(learning.child);
  await learning.seen;
  expect(learning.stderr()).toContain(`artifact store s3://${BUCKET}/${prefix}`);
  const first = startHostProcess([AGI, 'worker', '--gpu', '--config', gpuA.configPath], /polling/);
  children.push(first.child);
  await first.seen;
  expect(first.stderr()).toContain(`scratch ${path.join(gpuA.root, 'scratch')}`);

  // The operator, on the learning host, as the seed documents it.
  const train = execa(
    process.execPath,
    [TRAIN, '--config', learningHost.configPath, '--address', server.address],
    {
      reject: false,
      env: s3.env,
    },
  );
  children.push(train);
  const runName = await waitFor('a checkpoint uploaded by GPU host A', async () => {
    const runs = new Set((await store.list('runs/')).map((o) => o.key.split('/')[1]!));
    for (const run of runs) if ((await completeFolders(store, `runs/${run}/checkpoints`)).length) return run;
    return undefined;
  });
  // The host is lost: its worker and its trainer die at once, nothing gets to say goodbye.
  const scratchA = path.join(gpuA.root, 'scratch', runName);
  first.child.kill('SIGKILL');
  await execa('pkill', ['-9', '-f', `agi_trainer train --spec ${scratchA}`], { reject: false });
  await first.child;
  await waitFor('host A trainer gone', async () => ((await trainerPids(scratchA)).length ? undefined : true));
  const uploadedBefore = await completeFolders(store, `runs/${runName}/checkpoints`);
  const objectsBefore = (await store.list(`runs/${runName}/checkpoints/`)).map((o) => o.key);

  const second = startHostProcess([AGI, 'worker', '--gpu', '--config', gpuB.configPath], /polling/);
  children.push(second.child);
  await second.seen;
  const result = await train;
  expect(result.exitCode, String(result.stderr)).toBe(0);
  return { learningHost, gpuB, store, runName, uploadedBefore, objectsBefore, result };
}

describe('hosts that share nothing but Temporal and an S3 store', () => {
  it('chaos: the first GPU host is killed -9 after its first uploaded checkpoint; a second host resumes from the store', async () => {
    const children: ResultPromise[] = [];
    try {
      const { learningHost, gpuB, store, runName, uploadedBefore, result } = await loseTheFirstGpuHost(
        PREFIX,
        [],
        children,
      );
      const out = JSON.parse(String(result.stdout)) as Record<string, unknown>;
      expect(out).toMatchObject({
        triggered: true,
        dry_run: false,
        strategy: 'lora',
        overrides_updated: true,
      });

      // The adapter landed in the learning host's run folder, downloaded from the store.
      const runDir = String(out.output_dir);
      expect(runDir).toBe(path.join(learningHost.root, 'storage/learning/models', runName));
      expect(String(out.adapter_path)).toBe(path.join(runDir, 'adapter'));
      expect(existsSync(path.join(runDir, 'adapter', 'adapter_model.safetensors'))).toBe(true);
      expect(existsSync(path.join(runDir, 'tokenizer'))).toBe(true);
      expect(existsSync(path.join(runDir, 'logs', 'trainer.log'))).toBe(true);
      // Nothing of the training ran in the learning host's folder: no checkpoint was ever written there.
      expect(existsSync(path.join(runDir, 'checkpoints'))).toBe(false);

      const metadata = JSON.parse(await readFile(path.join(runDir, 'metadata.json'), 'utf8')) as {
        resumed_from_step: number | null;
        steps: number;
        artifacts: Record<string, string>;
      };
      const resumedFrom = metadata.resumed_from_step ?? 0;
      expect(resumedFrom).toBeGreaterThan(0);
      // It resumed from a checkpoint host A had completely uploaded.
      expect(uploadedBefore).toContain(`checkpoint-${resumedFrom}`);
      expect(metadata.steps).toBe(200);
      // trainer.save_total_limit (2) holds in the bucket: older checkpoints went once newer ones were complete.
      expect((await completeFolders(store, `runs/${runName}/checkpoints`)).length).toBeLessThanOrEqual(2);
      expect(metadata.artifacts).toEqual({
        store: `s3://${BUCKET}/${PREFIX}`,
        adapter: `runs/${runName}/adapter`,
        tokenizer: `runs/${runName}/tokenizer`,
        logs: `runs/${runName}/logs`,
      });
      // Host B trained in its own scratch, from data it staged from the store.
      expect(existsSync(path.join(gpuB.root, 'scratch', runName, 'data', 'train.jsonl'))).toBe(true);
      expect(
        existsSync(path.join(gpuB.root, 'scratch', runName, 'adapter', 'adapter_model.safetensors')),
      ).toBe(true);

      // Overrides point at the downloaded adapter, exactly once.
      const overrides = await readFile(path.join(learningHost.root, 'config', 'overrides.yaml'), 'utf8');
      expect(overrides.match(/active_adapter_path/g)).toHaveLength(1);
      expect(overrides).toContain(path.relative(learningHost.root, path.join(runDir, 'adapter')));

      // An operator on a third machine sees the run's objects and pulls its adapter.
      const operator = await host('operator', []);
      const shown = await execa(
        process.execPath,
        [AGI, 'runs', 'show', String(out.workflow_id), '--json', '--config', operator.configPath],
        { env: { TEMPORAL_ADDRESS: server.address, ...s3.env }, reject: false },
      );
      expect(shown.exitCode, shown.stderr).toBe(0);
      const objects = (JSON.parse(shown.stdout) as { objects: { key: string; size: number }[] }).objects;
      const adapterObject = objects.find(
        (o) => o.key === `runs/${runName}/adapter/adapter_model.safetensors`,
      );
      expect(adapterObject?.size).toBeGreaterThan(0);
      expect(objects.some((o) => o.key === `runs/${runName}/data/train.jsonl`)).toBe(true);
      const pulledDir = path.join(operator.root, 'pulled');
      const pulled = await execa(
        process.execPath,
        [AGI, 'runs', 'pull', String(out.workflow_id), pulledDir, '--config', operator.configPath],
        { env: { TEMPORAL_ADDRESS: server.address, ...s3.env }, reject: false },
      );
      expect(pulled.exitCode, pulled.stderr).toBe(0);
      expect((await readdir(pulledDir)).sort()).toContain('adapter_model.safetensors');
      // Pulling again into the same (now full) folder overwrites nothing.
      const again = await execa(
        process.execPath,
        [AGI, 'runs', 'pull', String(out.workflow_id), pulledDir, '--config', operator.configPath],
        { env: { TEMPORAL_ADDRESS: server.address, ...s3.env }, reject: false },
      );
      expect(again.exitCode).toBe(2);
      expect(again.stderr).toContain(`${pulledDir} already holds files: pull into a new or empty folder`);

      // The seed's dry run works across hosts too: its placeholder folders appear on the learning host.
      const dry = await execa(
        process.execPath,
        [TRAIN, '--config', learningHost.configPath, '--address', server.address, '--dry-run'],
        { reject: false, env: s3.env },
      );
      expect(dry.exitCode, dry.stderr).toBe(0);
      const dryOut = JSON.parse(dry.stdout) as { output_dir: string };
      expect(existsSync(path.join(dryOut.output_dir, 'adapter', 'DRY_RUN'))).toBe(true);
    } finally {
      for (const child of children) child.kill('SIGTERM');
      await Promise.allSettled(children);
    }
  }, 600_000);
  it('sharded (trainer.fsdp, two CPU ranks per host): host B resumes from the shards host A uploaded', async () => {
    const children: ResultPromise[] = [];
    try {
      const sharded = ['  device: cpu', '  num_processes: 2', '  fsdp: full_shard'];
      const { learningHost, runName, uploadedBefore, objectsBefore, result } = await loseTheFirstGpuHost(
        'sharded',
        sharded,
        children,
      );
      // Host A's checkpoint in the bucket holds both ranks' shards and the index that ties them together.
      const first = `runs/${runName}/checkpoints/${uploadedBefore[0]}`;
      for (const file of ['__0_0.distcp', '__1_0.distcp', '.metadata'])
        expect(objectsBefore).toContain(`${first}/pytorch_model_fsdp_0/${file}`);
      const out = JSON.parse(String(result.stdout)) as { output_dir: string; adapter_path: string };
      const metadata = JSON.parse(await readFile(path.join(out.output_dir, 'metadata.json'), 'utf8')) as {
        resumed_from_step: number | null;
        steps: number;
        environment: { processes: number; fsdp: string };
      };
      expect(metadata.resumed_from_step ?? 0).toBeGreaterThan(0);
      expect(uploadedBefore).toContain(`checkpoint-${metadata.resumed_from_step}`);
      expect(metadata.steps).toBe(200);
      expect(metadata.environment).toMatchObject({ processes: 2, fsdp: 'full_shard' });
      // One adapter, gathered from the shards, downloaded to the learning host and pointed at.
      expect(existsSync(path.join(out.adapter_path, 'adapter_model.safetensors'))).toBe(true);
      const overrides = await readFile(path.join(learningHost.root, 'config', 'overrides.yaml'), 'utf8');
      expect(overrides).toContain(path.relative(learningHost.root, out.adapter_path));
    } finally {
      for (const child of children) child.kill('SIGTERM');
      await Promise.allSettled(children);
    }
  }, 600_000);
});

describe('a worker refuses to start on a store it cannot use: one line naming what to fix, exit 2', () => {
  async function worker(configLines: string[], env: Record<string, string> = {}, gpu = false) {
    const h = await host(`refused-${Math.random().toString(36).slice(2, 8)}`, configLines);
    // Storage is checked before Temporal is dialled: the address is never reached.
    return execa(process.execPath, [AGI, 'worker', ...(gpu ? ['--gpu'] : []), '--config', h.configPath], {
      reject: false,
      env: { TEMPORAL_ADDRESS: server.address, ...s3.env, ...env },
      timeout: 60_000,
    });
  }

  it('bucket missing', async () => {
    const r = await worker([], { AGI_CORE_STORAGE_URL: 's3://no-such-bucket/x' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /storage\.url s3:\/\/no-such-bucket\/x at storage\.endpoint .*bucket no-such-bucket does not exist; create it/,
    );
  });

  it('wrong credentials', async () => {
    const r = await worker([], { AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /refused the credentials \(SignatureDoesNotMatch\); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    );
  });

  it('store unreachable', async () => {
    const r = await worker([], { AGI_CORE_STORAGE_ENDPOINT: 'http://127.0.0.1:9' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/storage\.endpoint http:\/\/127\.0\.0\.1:9: cannot reach the object store/);
  });

  it('scratch folder unwritable (a file where the folder should be)', async () => {
    const file = path.join(tmp, 'not-a-folder');
    await writeFile(file, 'x');
    const r = await worker([], { AGI_CORE_SCRATCH_DIR: file }, true);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`trainer.scratch_dir ${file} is not usable on this GPU host`);
  });

  it('a storage.url that is no store', async () => {
    const r = await worker([], { AGI_CORE_STORAGE_URL: 's3://Bad_Bucket' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /storage\.url.*expected file:\/\/ \(the local layout, one host\), file:\/\/\/DIR, or s3:\/\/BUCKET\/PREFIX/,
    );
  });
});
