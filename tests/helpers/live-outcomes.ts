import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** `n` outcomes of one goal, the first `ok` of them successes, as JSONL lines (plus any `extra` fields). */
export function outcomes(goal: string, n: number, ok: number, extra: Record<string, unknown> = {}): string[] {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({ goal, summary: i < ok ? 'Done.' : 'Failed.', success: i < ok, ...extra }),
  );
}

/** A finished run folder the registry accepts: metadata.json, adapter_config.json, non-empty weights. */
export async function finishedRun(root: string, run: string): Promise<string> {
  const dir = path.join(root, 'storage/learning/models', run);
  await mkdir(path.join(dir, 'adapter'), { recursive: true });
  await writeFile(path.join(dir, 'adapter', 'adapter_config.json'), '{}');
  await writeFile(path.join(dir, 'adapter', 'adapter_model.safetensors'), 'weights');
  await writeFile(
    path.join(dir, 'metadata.json'),
    JSON.stringify({ strategy: 'lora', dry_run: false, dataset_size: 30, created_at: run, metrics: {} }),
  );
  return path.join(dir, 'adapter');
}
