import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { finishedRun, outcomes } from '../helpers/live-outcomes.js';
import { makeProject } from '../helpers/project.js';

const BIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const agiCore = (cwd: string, args: string[]) =>
  execa(process.execPath, [BIN, ...args], { cwd, reject: false });

describe('agi-core adapters', () => {
  it('activates a run by name, lists it as active, and rolls back', async () => {
    const p = await makeProject();
    for (const run of ['r1', 'r2']) {
      const dir = path.join(p.root, 'storage/learning/models', run);
      await mkdir(path.join(dir, 'adapter'), { recursive: true });
      await writeFile(path.join(dir, 'adapter', 'adapter_config.json'), '{}');
      await writeFile(path.join(dir, 'adapter', 'adapter_model.safetensors'), 'weights');
      await writeFile(
        path.join(dir, 'metadata.json'),
        JSON.stringify({
          strategy: 'lora',
          dry_run: false,
          dataset_size: 60,
          created_at: run,
          metrics: { eval_loss_after: 1.5 },
        }),
      );
    }
    expect((await agiCore(p.root, ['adapters', 'activate', 'r1'])).exitCode).toBe(0);
    expect((await agiCore(p.root, ['adapters', 'activate', 'r2'])).exitCode).toBe(0);
    const listed = JSON.parse((await agiCore(p.root, ['adapters', 'list', '--json'])).stdout) as {
      run: string;
      active: boolean;
    }[];
    expect(listed.filter((r) => r.active).map((r) => r.run)).toEqual(['r2']);
    const rolled = await agiCore(p.root, ['adapters', 'rollback']);
    expect(rolled.stdout).toMatch(/rolled back to storage\/learning\/models\/r1\/adapter/);
    expect(await readFile(path.join(p.root, 'config/overrides.yaml'), 'utf8')).toContain(
      'active_adapter_path: storage/learning/models/r1/adapter',
    );
  });

  it('stamps appended outcomes with the active adapter and scores each adapter live against its predecessor', async () => {
    const p = await makeProject();
    const dir = path.join(p.root, 'storage/learning/models', 'r1');
    await mkdir(path.join(dir, 'adapter'), { recursive: true });
    await writeFile(path.join(dir, 'adapter', 'adapter_config.json'), '{}');
    await writeFile(path.join(dir, 'adapter', 'adapter_model.safetensors'), 'weights');
    await writeFile(
      path.join(dir, 'metadata.json'),
      JSON.stringify({ strategy: 'lora', dry_run: false, dataset_size: 20, created_at: 'r1', metrics: {} }),
    );
    const outcomes = (goal: string, n: number, ok: number) =>
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({ goal, summary: i < ok ? 'Done.' : 'Failed.', success: i < ok }),
      );
    const append = (lines: string[]) =>
      execa(process.execPath, [BIN, 'dataset', 'append'], { cwd: p.root, input: lines.join('\n') + '\n' });
    await append([...outcomes('Check disk usage', 10, 8), ...outcomes('Find the failing build', 10, 2)]);
    expect((await agiCore(p.root, ['adapters', 'activate', 'r1'])).exitCode).toBe(0);
    await append([...outcomes('Check disk usage', 10, 5), ...outcomes('Find the failing build', 10, 1)]);
    await append([JSON.stringify({ goal: 'x', summary: 's', success: true, adapter: 7 })]);
    const stamps = (await readFile(p.datasetPath, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { adapter: unknown }).adapter);
    expect(stamps).toEqual([...Array<string>(20).fill('base'), ...Array<string>(20).fill('r1'), 7]);

    const listed = await agiCore(p.root, ['adapters', 'list', '--json']);
    expect(listed.exitCode).toBe(0);
    const rows = JSON.parse(listed.stdout) as {
      run: string;
      active: boolean;
      live: { records: number; success_rate: number; vs_predecessor: Record<string, unknown> | null } | null;
    }[];
    expect(rows.map((r) => [r.run, r.active, r.live?.records])).toEqual([
      ['base', false, 20],
      ['r1', true, 20],
    ]);
    expect(rows[1]!.live!.vs_predecessor).toMatchObject({
      predecessor: 'base',
      goals: 2,
      success_rate: 0.3,
      predecessor_success_rate: 0.5,
    });
    expect(listed.stderr).toMatch(
      /1 record\(s\) could not be attributed .*line 41: adapter field is not a run name/,
    );
    const text = await agiCore(p.root, ['adapters', 'list']);
    expect(
      (JSON.parse(listed.stdout) as { live: { rollback_blocked: unknown } }[])[1]!.live.rollback_blocked,
    ).toBeNull();
    expect(text.stdout).toMatch(/^ {2}base {2}base model {2}live 10\/20 50% \[30%–70%\]$/m);
    expect(text.stdout).toMatch(
      /^\* r1 {2}lora {2}samples 20 {2}eval_loss - {2}live 6\/20 30% \[15%–52%\] {2}vs base on 2 goal\(s\): 30% vs 50%, p_worse 0\.0\d+$/m,
    );
  });

  it('says when an adapter could not be rolled back because its predecessor is gone', async () => {
    const p = await makeProject();
    await finishedRun(p.root, 'r1');
    await finishedRun(p.root, 'r2');
    const append = (lines: string[]) =>
      execa(process.execPath, [BIN, 'dataset', 'append'], { cwd: p.root, input: lines.join('\n') + '\n' });
    expect((await agiCore(p.root, ['adapters', 'activate', 'r1'])).exitCode).toBe(0);
    await append(outcomes('Check disk usage', 10, 7));
    expect((await agiCore(p.root, ['adapters', 'activate', 'r2'])).exitCode).toBe(0);
    await append(outcomes('Check disk usage', 10, 4));
    await rm(path.join(p.root, 'storage/learning/models/r1'), { recursive: true });
    const text = await agiCore(p.root, ['adapters', 'list']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(
      /^\* r2 .*vs r1 on 1 goal\(s\): 40% vs 70%.*\(no rollback possible: the predecessor's adapter folder .*models\/r1\/adapter is gone\)$/m,
    );
  });

  it('refuses a missing or empty adapter with exit 2 and leaves overrides untouched', async () => {
    const p = await makeProject();
    const missing = await agiCore(p.root, ['adapters', 'activate', 'no-such-run']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/does not exist: pick one from agi-core adapters list/);
    await mkdir(path.join(p.root, 'storage/learning/models/empty/adapter'), { recursive: true });
    const empty = await agiCore(p.root, ['adapters', 'activate', 'empty']);
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toMatch(/is empty: refusing to activate it/);
    expect(existsSync(path.join(p.root, 'config/overrides.yaml'))).toBe(false);
  });

  it('activates only finished runs inside the project, unless --force says what it skips', async () => {
    const p = await makeProject();
    const models = path.join(p.root, 'storage/learning/models');
    const make = async (
      run: string,
      files: Record<string, string>,
      metadata: boolean | Record<string, unknown> = true,
    ) => {
      await mkdir(path.join(models, run, 'adapter'), { recursive: true });
      for (const [name, text] of Object.entries(files))
        await writeFile(path.join(models, run, 'adapter', name), text);
      if (metadata)
        await writeFile(
          path.join(models, run, 'metadata.json'),
          JSON.stringify({
            created_at: run,
            strategy: 'lora',
            dry_run: false,
            ...(metadata === true ? {} : metadata),
          }),
        );
    };
    await make('config-only', { 'adapter_config.json': '{}' });
    // Trained, but overrides.yaml could not be written afterwards (the workflow marks it so).
    await make(
      'publish-failed',
      { 'adapter_config.json': '{}', 'adapter_model.safetensors': 'w' },
      { publish_failed: 'cannot write config/overrides.yaml (ENOSPC)' },
    );
    const listed = await agiCore(p.root, ['adapters', 'list']);
    expect(listed.stdout).toMatch(
      /publish-failed .*\(failed while publishing: cannot write config\/overrides\.yaml \(ENOSPC\)\)/,
    );
    const listedJson = JSON.parse((await agiCore(p.root, ['adapters', 'list', '--json'])).stdout) as {
      run: string;
      publish_failed: string | null;
    }[];
    expect(listedJson.find((r) => r.run === 'publish-failed')?.publish_failed).toMatch(/ENOSPC/);
    await make('broken', { 'adapter_config.json': 'not json', 'adapter_model.safetensors': '' });
    await make('unfinished', { 'adapter_config.json': '{}', 'adapter_model.safetensors': 'w' }, false);
    const outside = await mkdtemp(path.join(os.tmpdir(), 'agi-core-outside-'));
    try {
      await mkdir(path.join(outside, 'adapter'));
      await writeFile(path.join(outside, 'adapter', 'adapter_config.json'), '{}');
      await writeFile(path.join(outside, 'adapter', 'adapter_model.safetensors'), 'w');
      await writeFile(
        path.join(outside, 'metadata.json'),
        JSON.stringify({ created_at: 'x', strategy: 'lora', dry_run: false }),
      );
      const refusals: [string, RegExp][] = [
        ['config-only', /no adapter_model\.safetensors or \.bin/],
        ['broken', /adapter_config\.json is not a JSON object; its weights file is empty/],
        ['unfinished', /its run never finished \(no valid .*metadata\.json\)/],
        [
          'publish-failed',
          /its run failed while publishing \(cannot write .*ENOSPC\)\); see agi-core runs show/,
        ],
        [path.join(outside, 'adapter'), /outside the folders this project may use.*or pass --force/],
        ['config/default.yaml', /is a file, not an adapter folder/],
      ];
      for (const [target, message] of refusals) {
        const r = await agiCore(p.root, ['adapters', 'activate', target]);
        expect(r.exitCode, target).toBe(2);
        expect(r.stderr, target).toMatch(message);
        expect(r.stderr.trim().split('\n'), target).toHaveLength(1);
        expect(existsSync(path.join(p.root, 'config/overrides.yaml')), target).toBe(false);
      }
      const forced = await agiCore(p.root, ['adapters', 'activate', 'unfinished', '--force']);
      expect(forced.exitCode, forced.stderr).toBe(0);
      expect(forced.stderr).toMatch(/--force: activating although its run never finished/);
      expect(await readFile(path.join(p.root, 'config/overrides.yaml'), 'utf8')).toContain(
        'storage/learning/models/unfinished/adapter',
      );
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("refuses a dry run's placeholder unless --force says so; activate base returns to the base model", async () => {
    const p = await makeProject();
    const models = path.join(p.root, 'storage/learning/models');
    await mkdir(path.join(models, 'dry', 'adapter'), { recursive: true });
    await writeFile(path.join(models, 'dry', 'adapter', 'DRY_RUN'), 'placeholder');
    await writeFile(
      path.join(models, 'dry', 'metadata.json'),
      JSON.stringify({ created_at: 'dry', strategy: 'lora', dry_run: true }),
    );
    await mkdir(path.join(models, 'r1', 'adapter'), { recursive: true });
    await writeFile(path.join(models, 'r1', 'adapter', 'adapter_config.json'), '{}');
    await writeFile(path.join(models, 'r1', 'adapter', 'adapter_model.safetensors'), 'weights');
    await writeFile(
      path.join(models, 'r1', 'metadata.json'),
      JSON.stringify({ created_at: 'r1', strategy: 'lora', dry_run: false }),
    );
    const refused = await agiCore(p.root, ['adapters', 'activate', 'dry']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(
      /refusing to activate .*dry\/adapter: it is a dry run's placeholder, with no trained weights/,
    );
    const forced = await agiCore(p.root, ['adapters', 'activate', 'dry', '--force']);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/--force: activating although it is a dry run's placeholder/);

    expect((await agiCore(p.root, ['adapters', 'activate', 'r1'])).exitCode).toBe(0);
    const base = await agiCore(p.root, ['adapters', 'activate', 'base', '--json']);
    expect(base.exitCode, base.stderr).toBe(0);
    expect(JSON.parse(base.stdout)).toMatchObject({
      adapter_path: null,
      previous: 'storage/learning/models/r1/adapter',
    });
    expect(await readFile(path.join(p.root, 'config/overrides.yaml'), 'utf8')).toMatch(
      /active_adapter_path: null/,
    );
    // The config (not overrides.yaml) naming an adapter: activate base still writes the explicit null.
    const configured = await makeProject({
      set: { 'learning.active_adapter_path': 'storage/learning/models/r1/adapter' },
    });
    const toBase = await agiCore(configured.root, ['adapters', 'activate', 'base']);
    expect(toBase.exitCode, toBase.stderr).toBe(0);
    expect(await readFile(path.join(configured.root, 'config/overrides.yaml'), 'utf8')).toMatch(
      /active_adapter_path: null/,
    );
    const again = await agiCore(p.root, ['adapters', 'activate', 'base']);
    expect(again.stdout).toMatch(/^active adapter: base model \(already active; nothing changed\)/);
    const history = await agiCore(p.root, ['adapters', 'history', '--json']);
    expect(
      (JSON.parse(history.stdout) as { adapter_path: string | null }[]).map((h) => h.adapter_path),
    ).toEqual(['storage/learning/models/dry/adapter', 'storage/learning/models/r1/adapter', null]);
  });

  it('a corrupt overrides.yaml is named with its fix, and activate repairs it keeping the broken copy', async () => {
    const p = await makeProject();
    const models = path.join(p.root, 'storage/learning/models');
    for (const run of ['r1', 'r2']) {
      await mkdir(path.join(models, run, 'adapter'), { recursive: true });
      await writeFile(path.join(models, run, 'adapter', 'adapter_config.json'), '{}');
      await writeFile(path.join(models, run, 'adapter', 'adapter_model.safetensors'), 'weights');
      await writeFile(
        path.join(models, run, 'metadata.json'),
        JSON.stringify({ created_at: run, strategy: 'lora', dry_run: false }),
      );
    }
    expect((await agiCore(p.root, ['adapters', 'activate', 'r1'])).exitCode).toBe(0);
    expect((await agiCore(p.root, ['adapters', 'activate', 'r2'])).exitCode).toBe(0);
    const overrides = path.join(p.root, 'config/overrides.yaml');
    await writeFile(overrides, 'learning: [unclosed\n');
    const listed = await agiCore(p.root, ['adapters', 'list']);
    expect(listed.exitCode).toBe(2);
    expect(listed.stderr).toMatch(
      /overrides\.yaml is not valid YAML.*repair it with `agi-core adapters activate RUN`/,
    );
    // rollback repairs it: the history says r2 was active, so it goes back to r1.
    const rolled = await agiCore(p.root, ['adapters', 'rollback']);
    expect(rolled.exitCode, rolled.stderr).toBe(0);
    expect(rolled.stderr).toMatch(
      /was not a valid overrides file; moved it to .*overrides\.yaml\.corrupt-\S+ and wrote a new one/,
    );
    expect(await readFile(overrides, 'utf8')).toContain(
      'active_adapter_path: storage/learning/models/r1/adapter',
    );
    const kept = (await readdir(path.join(p.root, 'config'))).filter((f) =>
      f.startsWith('overrides.yaml.corrupt-'),
    );
    expect(kept).toHaveLength(1);
    expect(await readFile(path.join(p.root, 'config', kept[0]!), 'utf8')).toBe('learning: [unclosed\n');

    // Corrupt again, repaired by activate: its history entry still knows what was active, so rollback works.
    await writeFile(overrides, '- not a mapping\n');
    const repaired = await agiCore(p.root, ['adapters', 'activate', 'r2']);
    expect(repaired.exitCode, repaired.stderr).toBe(0);
    expect(repaired.stdout).toMatch(/\(was storage\/learning\/models\/r1\/adapter\)/);
    const back = await agiCore(p.root, ['adapters', 'rollback']);
    expect(back.exitCode, back.stderr).toBe(0);
    expect(await readFile(overrides, 'utf8')).toContain(
      'active_adapter_path: storage/learning/models/r1/adapter',
    );

    // An active adapter that is gone: list and config show say so.
    await rm(path.join(models, 'r1'), { recursive: true });
    const gone = await agiCore(p.root, ['adapters', 'list']);
    expect(gone.exitCode, gone.stderr).toBe(0);
    expect(gone.stderr).toMatch(
      /warning: the active adapter storage\/learning\/models\/r1\/adapter .* does not exist/,
    );
    const shown = await agiCore(p.root, ['config', 'show']);
    expect(shown.stderr).toMatch(/warning: learning\.active_adapter_path .*r1\/adapter does not exist/);
  });
});
