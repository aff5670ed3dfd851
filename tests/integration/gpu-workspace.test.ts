import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedWorkspace } from '../../src/activities/gpu-workspace.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { StagedConversion } from '../../src/activities/staged-conversion.js';
import type { RunPlan } from '../../src/shared/training-contract.js';
import { DirStore } from '../../src/storage/dir-store.js';
import { completeFolders, uploadFolder } from '../../src/storage/folders.js';
import { makeProject } from '../helpers/project.js';

const SHA = 'ab'.repeat(32);

/** A store holding run r's converted data, and a GPU host's config with its own scratch folder. */
async function setup() {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'agi-core-ws-'));
  const store = new DirStore(path.join(tmp, 'store'));
  const data = path.join(tmp, 'learning-host', 'data');
  await mkdir(data, { recursive: true });
  await writeFile(path.join(data, 'train.jsonl'), '{"messages":[]}\n');
  await uploadFolder(store, data, 'runs/r/data', SHA);
  const host = async (name: string) => {
    const p = await makeProject({
      set: { 'trainer.scratch_dir': path.join(tmp, name), 'trainer.save_total_limit': 2 },
    });
    return loadConfig(p.configPath);
  };
  const plan = { runName: 'r', runDir: path.join(tmp, 'learning-host') } as RunPlan;
  const conversion = {
    sha256: SHA,
    train_path: path.join(data, 'train.jsonl'),
    eval_path: null,
    stored: { location: store.location, data: 'runs/r/data', compare_adapter: null },
  } as unknown as StagedConversion;
  return { tmp, store, host, plan, conversion };
}

async function checkpoint(dir: string, step: number): Promise<string> {
  const folder = path.join(dir, 'checkpoints', `checkpoint-${step}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'trainer_state.json'), JSON.stringify({ global_step: step }));
  return folder;
}

describe('the GPU workspace with a store', () => {
  it('stages the data into its own scratch; uploads checkpoints in order, keeps save_total_limit of them; another host resumes from the newest', async () => {
    const { store, host, plan, conversion } = await setup();
    const a = await storedWorkspace(await host('scratch-a'), store, plan, conversion, () => undefined);
    expect(a.trainPath.startsWith(path.join(path.dirname(a.dir), 'r', 'data'))).toBe(true);
    expect(await readFile(a.trainPath, 'utf8')).toBe('{"messages":[]}\n');
    expect(await a.resumePoint(null)).toBeNull();

    // Reported one after another, faster than they upload; one of them vanished before it could be linked.
    const refs = [
      a.checkpointSaved(await checkpoint(a.dir, 4), 4),
      a.checkpointSaved(path.join(a.dir, 'checkpoints', 'checkpoint-6'), 6),
      a.checkpointSaved(await checkpoint(a.dir, 8), 8),
      a.checkpointSaved(await checkpoint(a.dir, 12), 12),
    ];
    const settled = await Promise.allSettled(refs);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((settled[3] as PromiseFulfilledResult<string>).value).toBe('runs/r/checkpoints/checkpoint-12');
    expect(await completeFolders(store, 'runs/r/checkpoints')).toEqual(['checkpoint-12', 'checkpoint-8']);

    // Host B never saw any of it: it resumes from the newest complete checkpoint in the store.
    const b = await storedWorkspace(await host('scratch-b'), store, plan, conversion, () => undefined);
    const resume = await b.resumePoint(null);
    expect(resume).toEqual({
      local: path.join(b.dir, 'checkpoints', 'checkpoint-12'),
      ref: 'runs/r/checkpoints/checkpoint-12',
    });
    expect(JSON.parse(await readFile(path.join(resume!.local, 'trainer_state.json'), 'utf8'))).toEqual({
      global_step: 12,
    });
  });

  it('a local checkpoint the store never got is dropped, not resumed from', async () => {
    const { store, host, plan, conversion } = await setup();
    const config = await host('scratch-c');
    const a = await storedWorkspace(config, store, plan, conversion, () => undefined);
    await a.checkpointSaved(await checkpoint(a.dir, 4), 4);
    const unsent = await checkpoint(a.dir, 8); // saved, host died before the upload
    const again = await storedWorkspace(config, store, plan, conversion, () => undefined);
    expect((await again.resumePoint(null))?.ref).toBe('runs/r/checkpoints/checkpoint-4');
    expect(existsSync(unsent)).toBe(false);
  });

  it('refuses to train when the store holds another snapshot than the one converted', async () => {
    const { store, host, plan, conversion } = await setup();
    const other = { ...conversion, sha256: 'cd'.repeat(32) };
    await expect(
      storedWorkspace(await host('scratch-d'), store, plan, other, () => undefined),
    ).rejects.toThrow(
      /the converted data of run r \(snapshot cdcdcdcdcdcd\) is not in file:\/\/.*\/runs\/r\/data/,
    );
  });
});
