import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactStore } from '../../src/storage/artifact-store.js';
import { DirStore } from '../../src/storage/dir-store.js';
import {
  completeFolders,
  deleteFolder,
  downloadFolder,
  MARKER,
  uploadFolder,
} from '../../src/storage/folders.js';
import { startLocalS3, type LocalS3 } from '../../src/storage/local-s3.js';
import { S3Store } from '../../src/storage/s3-store.js';
import { freePort } from '../../src/shared/free-port.js';

let tmp: string;
let s3: LocalS3;
const saved = { ...process.env };
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'agi-core-store-'));
  s3 = await startLocalS3({ dataDir: path.join(tmp, 's3'), bucket: 'agi-store-test' });
  Object.assign(process.env, s3.env);
});
afterAll(async () => {
  process.env = saved;
  await s3?.stop();
  await rm(tmp, { recursive: true, force: true });
});

/** Over one multipart part (16 MiB) on S3. */
const BIG = 20 * 1024 * 1024;

/** A checkpoint-like folder: a nested file, a larger one (multipart on S3), a small JSON. */
async function folder(name: string, bigBytes = BIG): Promise<string> {
  const dir = path.join(tmp, name);
  await mkdir(path.join(dir, 'nested'), { recursive: true });
  await writeFile(path.join(dir, 'trainer_state.json'), JSON.stringify({ global_step: 4 }));
  await writeFile(path.join(dir, 'nested', 'weights.bin'), Buffer.alloc(bigBytes, 3));
  return dir;
}

const stores: [string, () => ArtifactStore][] = [
  ['file:///DIR', () => new DirStore(path.join(tmp, 'dir-store'))],
  [
    's3:// on a real S3 server (versitygw)',
    () =>
      new S3Store({
        bucket: 'agi-store-test',
        prefix: 'p/q',
        endpoint: s3.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
      }),
  ],
];

describe.each(stores)('artifact store %s', (_name, make) => {
  it('a folder round-trips byte for byte; a second download of the same version copies nothing', async () => {
    const store = make();
    await store.check();
    const src = await folder(`src-${_name.length}`);
    const sent = await uploadFolder(store, src, 'runs/r1/checkpoints/checkpoint-4', '4');
    expect(sent).toEqual({ files: 2, bytes: BIG + 17 });
    const listed = await store.list('runs/r1/');
    expect(listed.map((o) => o.key)).toEqual([
      'runs/r1/checkpoints/checkpoint-4/_COMPLETE.json',
      'runs/r1/checkpoints/checkpoint-4/nested/weights.bin',
      'runs/r1/checkpoints/checkpoint-4/trainer_state.json',
    ]);
    const dest = path.join(tmp, `dest-${_name.length}`, 'checkpoint-4');
    const got = await downloadFolder(store, 'runs/r1/checkpoints/checkpoint-4', dest);
    expect(got).toMatchObject({ files: 2, reused: false, marker: { tag: '4' } });
    // Buffer.equals: vitest's deep equality walks a Buffer key by key (minutes for megabytes).
    const bytes = await readFile(path.join(dest, 'nested', 'weights.bin'));
    expect(bytes.equals(Buffer.alloc(BIG, 3)), 'weights.bin differs').toBe(true);
    expect(existsSync(path.join(dest, MARKER))).toBe(false);
    expect((await downloadFolder(store, 'runs/r1/checkpoints/checkpoint-4', dest))?.reused).toBe(true);
  });

  it('an upload cut off before its marker is invisible: no resume takes it, no download starts', async () => {
    const store = make();
    const src = await folder(`cut-${_name.length}`, 1024);
    await uploadFolder(store, src, 'runs/r2/checkpoints/checkpoint-4', '4');
    // checkpoint-8: its files went up, the host died before the marker.
    await store.putFile(
      'runs/r2/checkpoints/checkpoint-8/trainer_state.json',
      path.join(src, 'trainer_state.json'),
    );
    expect(await completeFolders(store, 'runs/r2/checkpoints')).toEqual(['checkpoint-4']);
    const dest = path.join(tmp, `cut-dest-${_name.length}`);
    expect(await downloadFolder(store, 'runs/r2/checkpoints/checkpoint-8', dest)).toBeNull();
    expect(existsSync(dest)).toBe(false);
  });

  it('deleting a folder removes its marker first, then every object; other folders stay', async () => {
    const store = make();
    const src = await folder(`del-${_name.length}`, 1024);
    await uploadFolder(store, src, 'runs/r4/checkpoints/checkpoint-4', '4');
    await uploadFolder(store, src, 'runs/r4/checkpoints/checkpoint-8', '8');
    await deleteFolder(store, 'runs/r4/checkpoints/checkpoint-4');
    expect(await completeFolders(store, 'runs/r4/checkpoints')).toEqual(['checkpoint-8']);
    expect((await store.list('runs/r4/')).map((o) => o.key)).toEqual([
      'runs/r4/checkpoints/checkpoint-8/_COMPLETE.json',
      'runs/r4/checkpoints/checkpoint-8/nested/weights.bin',
      'runs/r4/checkpoints/checkpoint-8/trainer_state.json',
    ]);
  });

  it('a stored file that does not match its marker fails the download and leaves the target as it was', async () => {
    const store = make();
    const src = await folder(`bad-${_name.length}`, 1024);
    await uploadFolder(store, src, 'runs/r3/adapter');
    await writeFile(path.join(src, 'trainer_state.json'), 'shorter');
    await store.putFile('runs/r3/adapter/trainer_state.json', path.join(src, 'trainer_state.json'));
    const dest = path.join(tmp, `bad-dest-${_name.length}`);
    await mkdir(dest);
    await writeFile(path.join(dest, 'keep.txt'), 'mine');
    await expect(downloadFolder(store, 'runs/r3/adapter', dest)).rejects.toThrow(
      /trainer_state.json has 7 bytes/,
    );
    expect(await readFile(path.join(dest, 'keep.txt'), 'utf8')).toBe('mine');
  });
});

describe('S3 store refuses with a line naming what to fix', () => {
  const settings = (over: Partial<ConstructorParameters<typeof S3Store>[0]>) =>
    new S3Store({
      bucket: 'agi-store-test',
      prefix: '',
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      ...over,
    });

  it('bucket missing', async () => {
    await expect(settings({ bucket: 'no-such-bucket' }).check()).rejects.toThrow(
      /storage\.url s3:\/\/no-such-bucket at storage\.endpoint http:\/\/127\.0\.0\.1:\d+: bucket no-such-bucket does not exist; create it/,
    );
  });

  it('wrong credentials', async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'wrong-secret';
    try {
      await expect(settings({}).check()).rejects.toThrow(
        /the store refused the credentials \(SignatureDoesNotMatch\); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
      );
    } finally {
      process.env.AWS_SECRET_ACCESS_KEY = s3.secretKey;
    }
  });

  it('endpoint unreachable', async () => {
    await expect(settings({ endpoint: 'http://127.0.0.1:9' }).check()).rejects.toThrow(
      /at storage\.endpoint http:\/\/127\.0\.0\.1:9: cannot reach the object store .*start it or fix storage\.endpoint/,
    );
  }, 60_000);
});

describe('S3 store during a run', () => {
  it('a store that is down for a moment is retried with backoff, not failed', async () => {
    const port = await freePort();
    const store = new S3Store({
      bucket: 'agi-late',
      prefix: '',
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      forcePathStyle: true,
    });
    // The write starts while nothing listens; the server comes up 700 ms later.
    const write = store.putText('runs/r/x.json', '{"ok":true}');
    await new Promise((r) => setTimeout(r, 700));
    const late = await startLocalS3({
      dataDir: path.join(tmp, 's3-late'),
      bucket: 'agi-late',
      port,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
    });
    try {
      await write;
      expect(await store.getText('runs/r/x.json')).toBe('{"ok":true}');
    } finally {
      await late.stop();
    }
  }, 60_000);
});
