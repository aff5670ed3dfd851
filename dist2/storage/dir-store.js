import { copyFile, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { PART_SUFFIX, writeViaPart } from './part-file.js';
import { errorMessage } from '../shared/errors.js';
import { StorageUnavailableError } from './artifact-store.js';
/**
 * A store in a folder (`storage.url: file:///mnt/artifacts`): the same copies as S3, for a mounted network
 * volume or a bucket-less test. Objects are published by copy to a temp name and rename.
 */
export class DirStore {
    root;
    location;
    constructor(root) {
        this.root = root;
        this.location = `file://${root}`;
    }
    pathOf(key) {
        return path.join(this.root, ...key.split('/'));
    }
    async check() {
        try {
            await mkdir(this.root, { recursive: true });
            const probe = this.pathOf(`.probe-${process.pid}`);
            await writeFileAtomic(probe, 'ok', { durable: false });
            await rm(probe, { force: true });
        }
        catch (err) {
            throw new StorageUnavailableError(`storage.url ${this.location}: cannot write there (${errorMessage(err)}); point storage.url at a writable folder`);
        }
    }
    async putFile(key, file) {
        await writeViaPart(this.pathOf(key), (tmp) => copyFile(file, tmp));
    }
    async getFile(key, file) {
        const source = this.pathOf(key);
        if (!(await stat(source).catch(() => null))?.isFile())
            return false;
        await writeViaPart(file, (tmp) => copyFile(source, tmp));
        return true;
    }
    async putText(key, text) {
        await writeFileAtomic(this.pathOf(key), text);
    }
    async getText(key) {
        return readFile(this.pathOf(key), 'utf8').catch(() => null);
    }
    async delete(keys) {
        for (const key of keys)
            await rm(this.pathOf(key), { force: true });
    }
    async list(prefix) {
        const out = [];
        const walk = async (dir, keyPrefix) => {
            const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
            for (const entry of entries) {
                const key = keyPrefix ? `${keyPrefix}/${entry.name}` : entry.name;
                if (entry.isDirectory())
                    await walk(path.join(dir, entry.name), key);
                else if (entry.isFile() && !entry.name.endsWith(PART_SUFFIX))
                    out.push({ key, size: (await stat(path.join(dir, entry.name))).size });
            }
        };
        const base = prefix.replace(/\/+$/, '');
        await walk(this.pathOf(base), base);
        return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
}
//# sourceMappingURL=dir-store.js.map