import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULTS_PATH } from '../../src/config/load-config.js';
import {
  REGENERATE_COMMAND,
  renderJsonSchema,
  TRAINER_SCHEMAS_DIR,
  trainerJsonSchemas,
} from '../../src/trainer/json-schemas.js';

const generated = trainerJsonSchemas();

describe("the trainer's JSON Schemas (generated from the zod ones)", () => {
  it.each(Object.keys(generated))('%s is committed as generated', (name) => {
    const file = path.join(TRAINER_SCHEMAS_DIR, name);
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    expect(
      committed === renderJsonSchema(generated[name]!),
      `${path.relative(process.cwd(), file)} is ${committed === undefined ? 'missing' : 'stale'}: run ${REGENERATE_COMMAND} and commit it`,
    ).toBe(true);
  });

  it('leaves no schema file behind that nothing generates', () => {
    const extra = readdirSync(TRAINER_SCHEMAS_DIR).filter((f) => f.endsWith('.json') && !(f in generated));
    expect(extra, `delete ${extra.join(', ')}: no zod schema generates it`).toEqual([]);
  });

  it('titles each run-spec field with a config key that exists (error messages name it as the key to fix)', () => {
    const config = parseYaml(readFileSync(DEFAULTS_PATH, 'utf8')) as Record<string, Record<string, unknown>>;
    const properties = (
      generated['run-spec.schema.json'] as { properties: Record<string, { title?: string }> }
    ).properties;
    const titles = Object.values(properties).flatMap((p) => (p.title ? [p.title] : []));
    expect(titles.length).toBeGreaterThan(20);
    for (const title of titles) {
      const [section, key] = title.split('.') as [string, string];
      expect(config[section], `${title} is no key of ${DEFAULTS_PATH}`).toHaveProperty(key);
    }
  });

  it('refuses a trainer setting without a documented default', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'json-schemas-'));
    const config = parseYaml(readFileSync(DEFAULTS_PATH, 'utf8')) as { trainer: Record<string, unknown> };
    delete config.trainer['fsdp'];
    writeFileSync(path.join(dir, 'defaults.yaml'), JSON.stringify(config));
    try {
      expect(() => trainerJsonSchemas(path.join(dir, 'defaults.yaml'))).toThrow(
        /trainer\.fsdp has no default in .*: document it there/,
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
