import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';

const CHECKER = path.join(PACKAGE_ROOT, 'tools', 'compose-check');

type Checked = {
  services: Record<
    string,
    {
      image?: string;
      build: boolean;
      ports: string[];
      volumes: string[];
      gpus: number;
      environment: string[];
    }
  >;
  volumes: string[];
};

/** compose-go: the loader and JSON-schema validation Docker Compose itself runs. */
async function check(file: string) {
  return execa('go', ['run', '.', file], { cwd: CHECKER, reject: false });
}

describe('docker-compose.yml', () => {
  it('is a valid Compose file with the services, ports and volumes the stack needs', async () => {
    const r = await check(path.join(PACKAGE_ROOT, 'docker-compose.yml'));
    expect(r.exitCode, r.stderr).toBe(0);
    const { services, volumes } = JSON.parse(r.stdout) as Checked;
    expect(Object.keys(services).sort()).toEqual([
      'gpu-worker',
      'learning-worker',
      'object-store',
      'object-store-bucket',
      'postgresql',
      'temporal',
      'temporal-ui',
    ]);
    expect(services.temporal!.ports).toContain('7233:7233');
    expect(services['temporal-ui']!.ports).toContain('8233:8080');
    expect(services.postgresql!.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(volumes.sort()).toEqual(['gpu-scratch', 'object-store-data', 'postgres-data']);
    for (const worker of ['learning-worker', 'gpu-worker']) {
      expect(services[worker]!.build).toBe(true);
      for (const name of [
        'TEMPORAL_ADDRESS',
        'AGI_CORE_STORAGE_URL',
        'AGI_CORE_STORAGE_ENDPOINT',
        'AWS_ACCESS_KEY_ID',
      ])
        expect(services[worker]!.environment, `${worker} ${name}`).toContain(name);
    }
    // Hosts share no folder: the workers have no volume in common, and the GPU worker no bind mount at all.
    const learning = services['learning-worker']!.volumes;
    const gpu = services['gpu-worker']!.volumes;
    expect(learning).toContain(`${path.join(PACKAGE_ROOT, 'storage')}:/app/storage`);
    expect(gpu.filter((v) => learning.includes(v))).toEqual([]);
    expect(gpu.filter((v) => v.startsWith('/'))).toEqual([]);
    expect(gpu).toEqual(['gpu-scratch:/scratch']);
    expect(services['gpu-worker']!.environment).toContain('AGI_CORE_SCRATCH_DIR');
    expect(services['gpu-worker']!.gpus).toBe(1);
    expect(services['learning-worker']!.gpus).toBe(0);
    const dockerfile = await readFile(path.join(PACKAGE_ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('trainer setup');
  }, 300_000);

  it('the checker rejects an invalid file (so the test above can fail)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'compose-'));
    const bad = path.join(dir, 'docker-compose.yml');
    await writeFile(
      bad,
      'services:\n  temporal:\n    image: temporalio/auto-setup\n    portz:\n      - "7233:7233"\n',
    );
    const r = await check(bad);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/portz/);
  }, 300_000);
});
