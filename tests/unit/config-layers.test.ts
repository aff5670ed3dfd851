import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULTS_PATH, loadConfig, loadConfigWithSources } from '../../src/config/load-config.js';
import { ensureSearchAttributes, type OperatorConnection } from '../../src/temporal/search-attributes.js';

const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

async function configFile(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'agi-core-layers-'));
  made.push(dir);
  const file = path.join(dir, 'agent.yaml');
  await writeFile(file, text);
  return file;
}

describe('layered config', () => {
  it('completes a file of the seed keys from the package defaults and says where each value came from', async () => {
    const file = await configFile('learning:\n  min_samples_for_training: 7\n');
    const { config, sources } = loadConfigWithSources(file, {});
    expect(config.learning.min_samples_for_training).toBe(7);
    expect(sources.get('learning.min_samples_for_training')).toBe(file);
    expect(config.trainer.lora_alpha).toBe(16);
    expect(sources.get('trainer.lora_alpha')).toBe(DEFAULTS_PATH);
    expect(config.trainer.attempt_timeout).toBe('7d');
  });

  it('refuses an empty file instead of silently running on defaults', async () => {
    const file = await configFile('# nothing yet\n');
    expect(() => loadConfig(file, {})).toThrow(/is empty: give it at least the learning: keys/);
  });

  it('checks cron fields against their ranges at load, naming the key', async () => {
    const file = await configFile('learning:\n  lora_rank: 8\nself_optimizer:\n  interval: "61 * * * *"\n');
    expect(() => loadConfig(file, {})).toThrow(/self_optimizer\.interval: .*minute 0-59/);
    const ok = await configFile(
      'learning:\n  lora_rank: 8\nself_optimizer:\n  interval: "*/15 9-17 * * mon-fri"\n',
    );
    expect(loadConfig(ok, {}).self_optimizer.interval).toBe('*/15 9-17 * * mon-fri');
  });

  it('reads TEMPORAL_* through envconfig and refuses a TEMPORAL_TLS that is not a boolean', async () => {
    const file = await configFile('learning:\n  lora_rank: 8\n');
    const config = loadConfig(file, {
      TEMPORAL_ADDRESS: 'temporal.example:7233',
      TEMPORAL_NAMESPACE: 'agents',
    });
    expect(config.temporal.address).toBe('temporal.example:7233');
    expect(config.temporal.namespace).toBe('agents');
    expect(() => loadConfig(file, { TEMPORAL_TLS: 'maybe' })).toThrow(
      'TEMPORAL_TLS must be true, false, 1 or 0, got "maybe"',
    );
  });

  it('takes a Temporal CLI profile named by TEMPORAL_PROFILE, variables still winning', async () => {
    const file = await configFile('learning:\n  lora_rank: 8\n');
    const toml = await configFile(
      '[profile.prod]\naddress = "prod.tmprl.cloud:7233"\nnamespace = "prod-ns"\napi_key = "secret"\n',
    );
    const env = { TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'prod', TEMPORAL_NAMESPACE: 'override' };
    const { config, sources } = loadConfigWithSources(file, env);
    expect(config.temporal).toMatchObject({
      address: 'prod.tmprl.cloud:7233',
      namespace: 'override',
      api_key: 'secret',
    });
    expect(sources.get('temporal.address')).toMatch(/^profile prod/);
    expect(sources.get('temporal.namespace')).toBe('env TEMPORAL_NAMESPACE');
    expect(() => loadConfig(file, { TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'nope' })).toThrow(
      /cannot load Temporal profile nope/,
    );
  });
});

describe('search attributes on a server agi-core did not start', () => {
  const fake = (
    have: Record<string, number>,
    allowAdd: boolean,
  ): OperatorConnection & { added: string[] } => {
    const added: string[] = [];
    return {
      added,
      operatorService: {
        listSearchAttributes: () => Promise.resolve({ customAttributes: { ...have } }),
        addSearchAttributes: (req) => {
          if (!allowAdd) return Promise.reject(new Error('7 PERMISSION_DENIED: Request unauthorized.'));
          added.push(...Object.keys(req.searchAttributes));
          Object.assign(have, req.searchAttributes);
          return Promise.resolve({});
        },
      },
    };
  };

  it('creates the missing ones where allowed', async () => {
    const conn = fake({ AgiStrategy: 2 }, true);
    expect(await ensureSearchAttributes(conn, 'default')).toEqual({
      created: ['AgiSampleCount', 'AgiOutcome'],
    });
    expect(await ensureSearchAttributes(conn, 'default')).toEqual({ created: [] });
  });

  it('refuses with the exact command where it may not create them', async () => {
    const conn = fake({}, false);
    await expect(ensureSearchAttributes(conn, 'prod')).rejects.toThrow(
      'run `temporal operator search-attribute create --namespace prod --name AgiStrategy --type Keyword --name AgiSampleCount --type Int --name AgiOutcome --type Keyword`',
    );
  });

  it('goes on with a warning naming the command when listing them is refused', async () => {
    const conn = fake({}, true);
    conn.operatorService.listSearchAttributes = () => Promise.reject(new Error('7 PERMISSION_DENIED'));
    const result = await ensureSearchAttributes(conn, 'prod');
    expect(result.created).toEqual([]);
    expect(result.warning).toMatch(
      /cannot list the search attributes of namespace prod .*temporal operator search-attribute create --namespace prod/,
    );
  });

  it('refuses an attribute of the wrong type by name', async () => {
    await expect(ensureSearchAttributes(fake({ AgiOutcome: 1 }, true), 'default')).rejects.toThrow(
      /search attribute AgiOutcome of another type than Keyword/,
    );
  });
});
