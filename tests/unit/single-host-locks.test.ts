import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendLines } from '../../src/shared/append.js';
import { refuseNetworkFilesystem } from '../../src/shared/dir-lock.js';

describe('the dataset and overrides locks hold on one host only', () => {
  it('refuses a folder on NFS, naming the setting and what to do', async () => {
    const nfs = () => Promise.resolve({ type: 0x6969 });
    await expect(
      refuseNetworkFilesystem('/mnt/shared/learning', 'learning.dataset_path', nfs),
    ).rejects.toThrow(
      "learning.dataset_path: /mnt/shared/learning is on NFS, a network filesystem, where agi-core's lock (one host's processes) cannot hold",
    );
    const smb = () => Promise.resolve({ type: BigInt(0xfe534d42) });
    await expect(
      refuseNetworkFilesystem('/mnt/smb', 'learning.training_overrides_path', smb),
    ).rejects.toThrow(
      /learning\.training_overrides_path: \/mnt\/smb is on SMB2.*hosts share runs through storage\.url/,
    );
  });

  it('accepts a local filesystem (ext4, overlayfs, tmpfs), and a real local append goes through', async () => {
    for (const type of [0xef53, 0x794c7630, 0x01021994])
      await expect(
        refuseNetworkFilesystem(`/local/${type}`, 'learning.dataset_path', () => Promise.resolve({ type })),
      ).resolves.toBeUndefined();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'agi-core-lock-'));
    await appendLines(path.join(dir, 'dataset.jsonl'), ['{"a":1}']);
    expect(await readFile(path.join(dir, 'dataset.jsonl'), 'utf8')).toBe('{"a":1}\n');
  });
});
