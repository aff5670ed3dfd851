import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { freePort } from '../../src/shared/free-port.js';
import { makeProject, tinyTraining } from '../helpers/project.js';
import { startProcess } from '../helpers/processes.js';

const BIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core-train.js');
const AGI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');

/** A project whose embedded server gets its own ports, so e2e files can run beside each other. */
async function embeddedProject(records: number | string) {
  const port = await freePort();
  return makeProject({
    records,
    set: { 'temporal.embedded.port': port, 'temporal.embedded.ui_port': await freePort() },
  });
}

function train(cwd: string, args: string[]) {
  return execa(process.execPath, [BIN, ...args], { cwd, reject: false, env: { TEMPORAL_ADDRESS: '' } });
}

describe('agi-core-train, run as a user runs it (embedded server started and stopped by the CLI)', () => {
  it('runs the seed example verbatim with --dry-run and writes the documented files', async () => {
    const p = await embeddedProject(64);
    const r = await train(p.root, [
      '--config',
      'config/default.yaml',
      '--strategy',
      'lora',
      '--dataset',
      'storage/learning/dataset.jsonl',
      '--output-dir',
      'storage/learning/models/manual-run',
      '--dry-run',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    const runDir = path.join(p.root, 'storage/learning/models/manual-run');
    expect(out).toMatchObject({
      triggered: true,
      dataset_size: 64,
      threshold: 50,
      strategy: 'lora',
      dry_run: true,
      output_dir: runDir,
    });
    expect(existsSync(path.join(runDir, 'metadata.json'))).toBe(true);
    const latest = JSON.parse(
      await readFile(path.join(p.root, 'storage/learning/models/latest.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(latest.dataset_size).toBe(64);
    expect(await readFile(path.join(p.root, 'config/overrides.yaml'), 'utf8')).toContain(
      'active_adapter_path: storage/learning/models/manual-run/adapter',
    );
    expect(r.stderr).toMatch(/starting the embedded dev server/);
  });

  it('reports triggered: false with the count and threshold when --require-threshold is not met (exit 0)', async () => {
    const p = await embeddedProject(10);
    const r = await train(p.root, ['--dry-run', '--require-threshold']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      triggered: false,
      dataset_size: 10,
      threshold: 50,
      message: expect.stringMatching(/10 valid samples; 50 required/),
    });
    const lowered = await train(p.root, ['--dry-run', '--require-threshold', '--min-samples', '5']);
    expect(JSON.parse(lowered.stdout)).toMatchObject({ triggered: true, threshold: 5 });
  });

  it('keeps the existing overrides keys when it activates an adapter', async () => {
    const p = await embeddedProject(12);
    await writeFile(
      path.join(p.root, 'config/overrides.yaml'),
      '# kept\nlearning:\n  success_rate_floor: 0.4\nmemory:\n  backend: sqlite\n',
    );
    const r = await train(p.root, ['--dry-run']);
    expect(r.exitCode, r.stderr).toBe(0);
    const text = await readFile(path.join(p.root, 'config/overrides.yaml'), 'utf8');
    expect(text).toMatch(/^# kept/);
    expect(text).toContain('success_rate_floor: 0.4');
    expect(text).toContain('backend: sqlite');
    expect(text).toContain('active_adapter_path: storage/learning/models/');
  });

  it('exits 1 with the reason when DPO has no success/failure pair, leaving overrides untouched', async () => {
    const wins =
      Array.from({ length: 6 }, (_, i) =>
        JSON.stringify({ task_id: `t${i}`, goal: 'g', summary: 's', success: true }),
      ).join('\n') + '\n';
    const p = await embeddedProject(wins);
    const r = await train(p.root, ['--dry-run', '--strategy', 'dpo']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/DPO needs at least one success and one failure/);
    expect(existsSync(path.join(p.root, 'config/overrides.yaml'))).toBe(false);
    // Never a bare "Activity failed" / "Workflow failed" line: each names what failed and why.
    expect(r.stderr).not.toMatch(/(Activity|Workflow) failed\s*$/m);
    // It got past readiness: triggered, and failed afterwards.
    const out = JSON.parse(r.stdout) as { triggered: boolean; outcome: string; workflow_id: string };
    expect(out).toMatchObject({ triggered: true, outcome: 'failed' });
    // The run's record outlives the CLI (the embedded server's SQLite file): runs show gives the reason.
    const shown = await execa(process.execPath, [AGI, 'runs', 'show', out.workflow_id, '--json'], {
      cwd: p.root,
      reject: false,
      env: { TEMPORAL_ADDRESS: '' },
    });
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      status: 'FAILED',
      failure: expect.stringMatching(/DPO needs at least one success and one failure/) as unknown,
    });
    const listed = await execa(process.execPath, [AGI, 'runs', 'list'], {
      cwd: p.root,
      reject: false,
      env: { TEMPORAL_ADDRESS: '' },
    });
    expect(listed.stdout).toMatch(/workflow_id +status +strategy +samples +outcome +dry_run +started/);
  });

  it.each([
    [['--strategy', 'ppo'], /--strategy must be lora, dpo, kto, auto, got "ppo"/],
    [['--min-samples=-3'], /--min-samples must be a non-negative integer, got "-3"/],
    [['--min-samples', 'ten'], /--min-samples must be a non-negative integer, got "ten"/],
    [['--epochs', '3'], /Unknown option '--epochs'.*see agi-core-train --help/],
    [['--dataset', 'storage/learning/missing.jsonl'], /dataset .*missing\.jsonl does not exist/],
    [['--dataset', '/etc/passwd'], /outside the folders this project may use/],
  ])('exits 2 with the reason on bad usage: %j', async (args, message) => {
    const p = await embeddedProject(3);
    const r = await train(p.root, ['--dry-run', ...args]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
  });

  it('exits 2 naming a misspelt config key, but accepts the agent keys in the same file', async () => {
    const p = await makeProject({
      records: 3,
      set: { 'learning.training_epocs': 2, 'learning.feedback_path': 'x' },
    });
    const r = await train(p.root, ['--dry-run']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /unknown key learning\.training_epocs: did you mean learning\.training_epochs\?/,
    );
  });

  it('exits 2 naming the setting when the configured address is unreachable', async () => {
    const p = await makeProject({ records: 3 });
    const port = await freePort();
    const r = await train(p.root, ['--dry-run', '--address', `127.0.0.1:${port}`]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `cannot reach Temporal at 127.0.0.1:${port} \\(temporal.address / TEMPORAL_ADDRESS / --address\\)`,
      ),
    );
  });

  it('exits 2 naming the setting when a TLS file is missing', async () => {
    const p = await makeProject({ records: 3 });
    const r = await execa(process.execPath, [BIN, '--dry-run', '--address', '127.0.0.1:1'], {
      cwd: p.root,
      reject: false,
      env: {
        TEMPORAL_TLS_CLIENT_CERT_PATH: '/nonexistent/client.pem',
        TEMPORAL_TLS_CLIENT_KEY_PATH: '/nonexistent/client.key',
      },
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /cannot read \/nonexistent\/client\.pem \(temporal\.tls\.client_cert_path \/ TEMPORAL_TLS_CLIENT_CERT_PATH\)/,
    );
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('exits 2 with install advice when there is neither a temporal CLI nor Go to build one', async () => {
    const p = await embeddedProject(3);
    const emptyCache = await mkdtemp(path.join(os.tmpdir(), 'agi-no-cache-'));
    const r = await execa(process.execPath, [BIN, '--dry-run'], {
      cwd: p.root,
      reject: false,
      extendEnv: false,
      env: { PATH: '/nonexistent', HOME: emptyCache, XDG_CACHE_HOME: emptyCache },
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /Temporal CLI .*was not found, and Go is not installed to build it: install it with `brew install temporal`.*TEMPORAL_CLI_PATH.*TEMPORAL_ADDRESS/s,
    );
  });

  it('prints the workflow id and exits at once with --no-wait', async () => {
    const p = await embeddedProject(3);
    const r = await train(p.root, ['--dry-run', '--no-wait']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ workflow_id: expect.stringMatching(/^training-manual-/) });
  });

  it('prints help with every seed flag', async () => {
    const r = await train(PACKAGE_ROOT, ['--help']);
    expect(r.exitCode).toBe(0);
    for (const flag of [
      '--config',
      '--strategy',
      '--dataset',
      '--output-dir',
      '--dry-run',
      '--require-threshold',
      '--min-samples',
      '--address',
      '--namespace',
      '--no-wait',
    ]) {
      expect(r.stdout).toContain(flag);
    }
  });
});

describe('agi-core-train beside a running `agi-core up`', () => {
  it("uses the stack's workers instead of starting its own, and read-only commands start none", async () => {
    const p = await embeddedProject(64);
    const stack = startProcess([AGI, 'up'], /Ctrl-C stops/, {
      cwd: p.root,
      env: { TEMPORAL_ADDRESS: '' },
    });
    const up = stack.child;
    await stack.seen;
    try {
      const r = await train(p.root, ['--dry-run']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toContain('using the learning and GPU worker(s) already polling');
      expect(r.stderr).not.toMatch(/starting the embedded dev server/);
      const listed = await execa(process.execPath, [AGI, 'runs', 'list', '--json'], {
        cwd: p.root,
        reject: false,
        env: { TEMPORAL_ADDRESS: '' },
      });
      expect(listed.exitCode, listed.stderr).toBe(0);
      expect(listed.stderr).not.toMatch(/worker/);
      // A second `up` in the same folder adds no second GPU worker: refused, naming the first.
      const again = await execa(process.execPath, [AGI, 'up'], {
        cwd: p.root,
        reject: false,
        env: { TEMPORAL_ADDRESS: '' },
      });
      expect(again.exitCode, again.stderr).toBe(2);
      expect(again.stderr).toMatch(
        /another agi-core up \(or agi-core worker\) already serves this project on 127\.0\.0\.1:\d+/,
      );
    } finally {
      up.kill('SIGINT');
      await up;
    }
  });
});

describe('agi-core up --storage local', () => {
  it('starts a local S3 server; a real training moves its bytes through it and lands in the run folder', async () => {
    const p = await makeProject({
      records: 64,
      set: tinyTraining({
        'temporal.embedded.port': await freePort(),
        'temporal.embedded.ui_port': await freePort(),
      }),
    });
    const stack = startProcess([AGI, 'up', '--storage', 'local'], /Ctrl-C stops/, {
      cwd: p.root,
      env: { TEMPORAL_ADDRESS: '' },
    });
    const up = stack.child;
    await stack.seen;
    const stderr = stack.stderr();
    try {
      expect(stderr).toMatch(/local S3 server on http:\/\/127\.0\.0\.1:\d+ \(data in storage\/s3\)/);
      expect(stderr).toContain('artifact store s3://agi-core/local');
      const r = await train(p.root, []);
      expect(r.exitCode, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { output_dir: string; adapter_path: string };
      expect(existsSync(path.join(out.adapter_path, 'adapter_model.safetensors'))).toBe(true);
      const metadata = JSON.parse(await readFile(path.join(out.output_dir, 'metadata.json'), 'utf8')) as {
        artifacts: { store: string; adapter: string };
      };
      expect(metadata.artifacts.store).toBe('s3://agi-core/local');
      // The bytes went through the server: its data folder holds the uploaded adapter.
      const runName = path.basename(out.output_dir);
      expect(
        existsSync(
          path.join(p.root, 'storage/s3/agi-core/local/runs', runName, 'adapter/adapter_model.safetensors'),
        ),
      ).toBe(true);

      // A second run: the promotion gate's comparison adapter (the first run's) travels through the store too.
      const second = await train(p.root, []);
      expect(second.exitCode, second.stderr).toBe(0);
      const out2 = JSON.parse(second.stdout) as { output_dir: string };
      const metadata2 = JSON.parse(await readFile(path.join(out2.output_dir, 'metadata.json'), 'utf8')) as {
        promotion: { active_eval_loss: number | null; active_adapter: string | null };
      };
      expect(metadata2.promotion.active_adapter).toContain(runName);
      expect(metadata2.promotion.active_eval_loss).toEqual(expect.any(Number));
      const run2 = path.basename(out2.output_dir);
      expect(
        existsSync(
          path.join(
            p.root,
            'storage/s3/agi-core/local/runs',
            run2,
            'compare-adapter/adapter_model.safetensors',
          ),
        ),
      ).toBe(true);
    } finally {
      up.kill('SIGINT');
      const closed = await up;
      expect(closed.exitCode, closed.stderr).toBe(0);
    }
  });

  it('refuses any other --storage value, naming the config keys to use instead', async () => {
    const p = await embeddedProject(0);
    const r = await execa(
      process.execPath,
      [path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js'), 'up', '--storage', 'minio'],
      {
        cwd: p.root,
        reject: false,
        env: { TEMPORAL_ADDRESS: '' },
      },
    );
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--storage minio: the only server agi-core starts is local');
  });
});

describe('agi-core-train never overwrites or misplaces data', () => {
  it('refuses an --output-dir holding an earlier run or inside config/, and an empty --address; --overwrite is explicit', async () => {
    const p = await embeddedProject(64);
    const first = await train(p.root, ['--dry-run', '--output-dir', 'storage/learning/models/keep']);
    expect(first.exitCode, first.stderr).toBe(0);
    const runDir = path.join(p.root, 'storage/learning/models/keep');
    const metadataBefore = await readFile(path.join(runDir, 'metadata.json'), 'utf8');
    const latestBefore = await readFile(path.join(p.root, 'storage/learning/models/latest.json'), 'utf8');

    const again = await train(p.root, ['--dry-run', '--output-dir', 'storage/learning/models/keep']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/output dir .*keep already holds another run .*pass --overwrite/);
    expect(again.stderr).not.toMatch(/starting the embedded dev server/);
    const intoConfig = await train(p.root, ['--dry-run', '--output-dir', 'config']);
    expect(intoConfig.exitCode).toBe(2);
    expect(intoConfig.stderr).toMatch(/lies inside the config folder/);
    const intoRoot = await train(p.root, ['--dry-run', '--overwrite', '--output-dir', '.']);
    expect(intoRoot.exitCode).toBe(2);
    expect(intoRoot.stderr).toMatch(/is the project root: give a new folder/);
    const emptyAddress = await train(p.root, ['--dry-run', '--address=']);
    expect(emptyAddress.exitCode).toBe(2);
    expect(emptyAddress.stderr).toMatch(/--address is empty/);
    expect(await readFile(path.join(runDir, 'metadata.json'), 'utf8')).toBe(metadataBefore);
    expect(await readFile(path.join(p.root, 'storage/learning/models/latest.json'), 'utf8')).toBe(
      latestBefore,
    );
    expect(existsSync(path.join(p.root, 'config/adapter'))).toBe(false);
    expect(existsSync(path.join(p.root, 'config/metadata.json'))).toBe(false);

    const overwritten = await train(p.root, [
      '--dry-run',
      '--overwrite',
      '--output-dir',
      'storage/learning/models/keep',
    ]);
    expect(overwritten.exitCode, overwritten.stderr).toBe(0);
  });
});
