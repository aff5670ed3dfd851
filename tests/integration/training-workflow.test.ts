import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { appendFile, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createLearningActivities } from '../../src/activities/learning-activities.js';
import { adapterProblems, checkAdapterDir } from '../../src/learning/adapters/adapter-registry.js';
import { finishedRuns } from '../../src/learning/adapters/run-folders.js';
import { createGpuWorker } from '../../src/workers/create-workers.js';
import { workflowBundle } from '../../src/workers/workflow-bundle.js';
import { describe, expect, it } from 'vitest';
import { sampleRecords, toJsonl } from '../../src/learning/dataset/sample-records.js';
import type { TrainingProgress } from '../../src/shared/training-contract.js';
import { makeProject } from '../helpers/project.js';
import { rootMessage, runTraining, startTraining, uniqueQueues } from '../helpers/run-workflow.js';
import { runWorkers, startTestServer, useTestServer } from '../helpers/temporal.js';
import { waitFor } from '../helpers/wait.js';

const server = useTestServer();

async function withStack<T>(
  records: number | string,
  fn: (ctx: Awaited<ReturnType<typeof setup>>) => Promise<T>,
  set: Record<string, unknown> = {},
) {
  const ctx = await setup(records, set);
  try {
    return await fn(ctx);
  } finally {
    await ctx.workers.stop();
  }
}

async function setup(records: number | string, set: Record<string, unknown>) {
  const project = await makeProject({ records, set: { ...uniqueQueues(), ...set } });
  const config = project.config();
  const workers = await runWorkers(config, server().address);
  return { project, config, workers };
}

describe('TrainingWorkflow (dry run, real Temporal dev server)', () => {
  it('runs the five steps and writes metadata.json, latest.json and overrides.yaml as the seed did', async () => {
    await withStack(64, async ({ project, config }) => {
      const handle = await startTraining(server().client, config, { dryRun: true, requireThreshold: true });
      const outcome = await handle.result();
      expect(outcome).toMatchObject({
        triggered: true,
        dataset_size: 64,
        threshold: 50,
        strategy: 'lora',
        dry_run: true,
        overrides_updated: true,
      });
      const runDir = outcome.output_dir!;
      expect(path.dirname(runDir)).toBe(path.join(project.root, 'storage/learning/models'));
      expect(path.basename(runDir)).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{8}$/);
      for (const sub of ['adapter', 'tokenizer', 'data/train.jsonl', 'metadata.json'])
        expect(existsSync(path.join(runDir, sub))).toBe(true);
      const metadata = JSON.parse(await readFile(path.join(runDir, 'metadata.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      const latest = JSON.parse(await readFile(config.learning.training_metadata_path, 'utf8')) as Record<
        string,
        unknown
      >;
      expect(latest).toEqual(metadata);
      expect(metadata).toMatchObject({
        dataset_size: 64,
        strategy: 'lora',
        dry_run: true,
        output_dir: runDir,
        adapter_path: path.join(runDir, 'adapter'),
      });
      expect((metadata.snapshot as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
      const overrides = await readFile(config.learning.training_overrides_path, 'utf8');
      expect(overrides).toContain(
        `active_adapter_path: ${path.relative(project.root, path.join(runDir, 'adapter'))}`,
      );
      const progress = await handle.query<TrainingProgress>('progress');
      expect(progress).toMatchObject({ stage: 'done', sample_count: 64 });
      const description = await handle.describe();
      expect(description.searchAttributes).toMatchObject({
        AgiStrategy: ['lora'],
        AgiSampleCount: [64],
        AgiOutcome: ['succeeded'],
      });
    });
  });

  it('an append between readiness and conversion changes nothing: the run converts the snapshot readiness took', async () => {
    const project = await makeProject({ records: 64, set: uniqueQueues() });
    const config = project.config();
    const original = await readFile(project.datasetPath);
    // The real activities, with the agent appending in the gap between the two steps.
    const real = createLearningActivities(config);
    const connection = await NativeConnection.connect({ address: server().address });
    const learning = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.task_queues.learning,
      workflowBundle: await workflowBundle(),
      activities: {
        ...real,
        async convertDataset(plan: Parameters<typeof real.convertDataset>[0]) {
          await appendFile(project.datasetPath, toJsonl(sampleRecords(10, { seed: 77 })));
          return real.convertDataset(plan);
        },
      },
    });
    const gpu = await createGpuWorker(config, connection);
    const running = [learning.run(), gpu.run()];
    try {
      const outcome = await runTraining(server().client, config, { dryRun: true });
      expect(outcome.dataset_size).toBe(64);
      const now = await readFile(project.datasetPath);
      expect(now.length).toBeGreaterThan(original.length);
      const metadata = JSON.parse(await readFile(outcome.metadata_path!, 'utf8')) as {
        sample_count: number;
        snapshot: { offset: number; sha256: string; records: number };
      };
      expect(metadata.sample_count).toBe(64);
      expect(metadata.snapshot).toMatchObject({ offset: original.length, records: 64 });
      // The recorded hash is that of the bytes trained on, as they lie in the file now.
      const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
      expect(metadata.snapshot.sha256).toBe(sha(now.subarray(0, metadata.snapshot.offset)));
      expect(metadata.snapshot.sha256).toBe(sha(original));
      const train = (await readFile(path.join(outcome.output_dir!, 'data', 'train.jsonl'), 'utf8'))
        .trim()
        .split('\n');
      const evalPath = path.join(outcome.output_dir!, 'data', 'eval.jsonl');
      const evals = existsSync(evalPath)
        ? (await readFile(evalPath, 'utf8')).trim().split('\n').filter(Boolean)
        : [];
      expect(train.length + evals.length).toBe(64);
    } finally {
      learning.shutdown();
      gpu.shutdown();
      await Promise.allSettled(running);
      await connection.close();
    }
  });

  it('a failure while writing overrides.yaml: latest.json keeps the run before, the run is marked and cannot be activated', async () => {
    const project = await makeProject({ records: 64, set: uniqueQueues() });
    const config = project.config();
    const real = createLearningActivities(config);
    let breakOverrides = false;
    const connection = await NativeConnection.connect({ address: server().address });
    const learning = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.task_queues.learning,
      workflowBundle: await workflowBundle(),
      activities: {
        ...real,
        // A real fault at the worst moment: metadata.json is written, then overrides.yaml cannot be (a folder
        // now stands where it was), so the real activity fails as it would on a disk that turned on it.
        async updateOverrides(args: Parameters<typeof real.updateOverrides>[0]) {
          if (breakOverrides) {
            await rm(config.learning.training_overrides_path, { force: true });
            await mkdir(config.learning.training_overrides_path, { recursive: true });
          }
          return real.updateOverrides(args);
        },
      },
    });
    const gpu = await createGpuWorker(config, connection);
    const running = [learning.run(), gpu.run()];
    try {
      const first = await runTraining(server().client, config, { dryRun: true });
      const latestBefore = await readFile(config.learning.training_metadata_path, 'utf8');
      breakOverrides = true;
      const handle = await startTraining(server().client, config, { dryRun: true });
      const err = await handle.result().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect(rootMessage(err)).toMatch(/EISDIR|directory/);
      const runDir = (await handle.query<TrainingProgress>('progress')).run_dir!;
      expect(runDir).not.toBe(first.output_dir);
      // latest.json still presents the run before; the failed one says why in its own metadata.json.
      expect(await readFile(config.learning.training_metadata_path, 'utf8')).toBe(latestBefore);
      const metadata = JSON.parse(await readFile(path.join(runDir, 'metadata.json'), 'utf8')) as {
        publish_failed?: string;
      };
      expect(metadata.publish_failed).toMatch(/EISDIR|directory/);
      // activate refuses it (--force decides); the agent and eval may still load it, as before the failure.
      expect(() => checkAdapterDir(path.join(runDir, 'adapter'))).toThrow(
        /refusing to activate .*its run failed while publishing \(.*(EISDIR|directory).*\); see agi-core runs show/,
      );
      expect(adapterProblems(path.join(runDir, 'adapter')).join('; ')).not.toMatch(/publishing/);
      const listed = (await finishedRuns(config.learning.training_output_dir)).find((r) => r.dir === runDir);
      expect(listed?.meta.publish_failed).toMatch(/EISDIR|directory/);
    } finally {
      learning.shutdown();
      gpu.shutdown();
      await Promise.allSettled(running);
      await connection.close();
    }
  });

  it('strategy auto picks dpo with enough pairs, else kto with both outcomes, else lora, and records why', async () => {
    const recs = (goal: string, success: boolean, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        task_id: `${goal}-${success}-${i}`,
        goal,
        summary: 's',
        success,
      }));
    const cases = [
      // 3 goals × (3 successes × 3 failures) = 27 pairs ≥ min_dpo_pairs 20
      {
        records: ['A', 'B', 'C'].flatMap((g) => [...recs(g, true, 3), ...recs(g, false, 3)]),
        strategy: 'dpo',
        why: /27 DPO pairs ≥ min_dpo_pairs 20/,
      },
      // both outcomes, but on different goals: no pair
      {
        records: [...recs('A', true, 6), ...recs('B', false, 4)],
        strategy: 'kto',
        why: /6 successes and 4 failures/,
      },
      { records: recs('A', true, 10), strategy: 'lora', why: /only successes \(10 records\)/ },
    ];
    for (const c of cases) {
      await withStack(toJsonl(c.records), async ({ config }) => {
        const outcome = await runTraining(server().client, config, { strategy: 'auto', dryRun: true });
        expect(outcome.strategy).toBe(c.strategy);
        const metadata = JSON.parse(await readFile(outcome.metadata_path!, 'utf8')) as Record<string, string>;
        expect(metadata.strategy).toBe(c.strategy);
        expect(metadata.strategy_reason).toMatch(c.why);
      });
    }
  });

  it('skips with the count and threshold when --require-threshold is not met, writing nothing', async () => {
    await withStack(10, async ({ config }) => {
      const outcome = await runTraining(server().client, config, { dryRun: true, requireThreshold: true });
      expect(outcome).toMatchObject({ triggered: false, dataset_size: 10, threshold: 50 });
      expect(outcome.message).toMatch(/10 valid samples; 50 required/);
      expect(existsSync(config.learning.training_metadata_path)).toBe(false);
      expect(existsSync(config.learning.training_overrides_path)).toBe(false);
    });
  });

  it('continues past malformed lines and reports their numbers in the metadata', async () => {
    const text = toJsonl(sampleRecords(3)) + '{"goal": oops\n' + toJsonl(sampleRecords(3, { seed: 4 }));
    await withStack(text, async ({ config }) => {
      const outcome = await runTraining(server().client, config, { dryRun: true });
      expect(outcome).toMatchObject({ triggered: true, dataset_size: 6, bad_line_count: 1 });
      const metadata = JSON.parse(await readFile(outcome.metadata_path!, 'utf8')) as {
        bad_lines: { line: number }[];
      };
      expect(metadata.bad_lines.map((b) => b.line)).toEqual([4]);
    });
  });

  it('fails DPO without success/failure pairs, saying pairs are needed, and leaves overrides untouched', async () => {
    const wins = sampleRecords(20).map((r) => ({ ...r, success: true }));
    await withStack(toJsonl(wins), async ({ config }) => {
      await writeFile(
        config.learning.training_overrides_path,
        '# operator note\nlearning:\n  active_adapter_path: keep/me\n',
      );
      const err = await runTraining(server().client, config, { dryRun: true, strategy: 'dpo' }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect(rootMessage(err)).toMatch(/DPO needs at least one success and one failure of the same goal/);
      expect(await readFile(config.learning.training_overrides_path, 'utf8')).toBe(
        '# operator note\nlearning:\n  active_adapter_path: keep/me\n',
      );
    });
  });

  it('refuses unknown input fields by name', async () => {
    await withStack(5, async ({ config }) => {
      const err = await runTraining(server().client, config, { dryRun: true, dryrun: true } as never).catch(
        (e: unknown) => e,
      );
      expect(rootMessage(err)).toMatch(/unknown field\(s\) dryrun/);
    });
  });

  it('refuses paths outside the allowed roots: absolute, .. escapes and symlinks that lead out', async () => {
    await withStack(5, async ({ project, config }) => {
      for (const datasetPath of ['/etc/passwd', '../../../../etc/passwd']) {
        const err = await runTraining(server().client, config, { dryRun: true, datasetPath }).catch(
          (e: unknown) => e,
        );
        expect(rootMessage(err)).toMatch(/outside the folders this project may use/);
      }
      await mkdir(path.join(project.root, 'storage', 'links'), { recursive: true });
      await symlink('/etc', path.join(project.root, 'storage', 'links', 'out'));
      const err = await runTraining(server().client, config, {
        dryRun: true,
        outputDir: 'storage/links/out/run',
      }).catch((e: unknown) => e);
      expect(rootMessage(err)).toMatch(/resolves to \/etc\/run, outside/);
    });
  });

  it('refuses an outputDir holding an earlier run or inside config/ from any client, overwriting nothing', async () => {
    await withStack(5, async ({ config }) => {
      const first = await runTraining(server().client, config, {
        dryRun: true,
        outputDir: 'storage/learning/models/a',
      });
      const metadata = await readFile(path.join(first.output_dir!, 'metadata.json'), 'utf8');
      const again = await runTraining(server().client, config, {
        dryRun: true,
        outputDir: 'storage/learning/models/a',
      }).catch((e: unknown) => e);
      expect(rootMessage(again)).toMatch(/already holds another run .*overwrite: true/);
      expect(await readFile(path.join(first.output_dir!, 'metadata.json'), 'utf8')).toBe(metadata);
      const intoConfig = await runTraining(server().client, config, {
        dryRun: true,
        outputDir: 'config',
      }).catch((e: unknown) => e);
      expect(rootMessage(intoConfig)).toMatch(/lies inside the config folder/);
      const overwritten = await runTraining(server().client, config, {
        dryRun: true,
        overwrite: true,
        outputDir: 'storage/learning/models/a',
      });
      expect(overwritten.triggered).toBe(true);
    });
  });

  it('two --overwrite runs into one folder cannot mix: the second is refused while the first is open', async () => {
    const project = await makeProject({ records: 5, set: uniqueQueues() });
    const config = project.config();
    // No GPU worker: the first run claims the folder at readiness, then stays open on the GPU queue.
    const workers = await runWorkers(config, server().address, { gpu: false });
    try {
      const first = await startTraining(server().client, config, {
        overwrite: true,
        outputDir: 'storage/learning/models/b',
      });
      const claim = path.join(config.learning.training_output_dir, 'b', '.agi-run-owner.json');
      await waitFor('the first run to claim its folder', async () =>
        (await readFile(claim, 'utf8').catch(() => '')).includes(first.workflowId) ? true : undefined,
      );
      const second = await runTraining(server().client, config, {
        overwrite: true,
        outputDir: 'storage/learning/models/b',
      }).catch((e: unknown) => e);
      expect(rootMessage(second)).toMatch(
        new RegExp(
          `is being written by run ${first.workflowId}, which is still open: wait for it .*agi-core runs cancel`,
        ),
      );
      await first.terminate('test done');
    } finally {
      await workers.stop();
    }
    // Once the first is closed, --overwrite takes the folder.
    const workersAgain = await runWorkers(config, server().address);
    try {
      const third = await runTraining(server().client, config, {
        dryRun: true,
        overwrite: true,
        outputDir: 'storage/learning/models/b',
      });
      expect(third.triggered).toBe(true);
    } finally {
      await workersAgain.stop();
    }
  });

  it('completes a run that was started before the Temporal server restarted (SQLite keeps it)', async () => {
    const own = await startTestServer();
    const project = await makeProject({ records: 12, set: uniqueQueues() });
    const config = project.config();
    const handle = await startTraining(own.client, config, { dryRun: true });
    await own.close();
    const restarted = await startTestServer(own.dbPath);
    const workers = await runWorkers(config, restarted.address);
    try {
      const outcome = await restarted.client.workflow.getHandle(handle.workflowId).result();
      expect(outcome).toMatchObject({ triggered: true, dataset_size: 12 });
    } finally {
      await workers.stop();
      await restarted.close();
    }
  });
});
