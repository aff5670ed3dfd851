import path from 'node:path';
import { DirStore } from './dir-store.js';
import { S3Store } from './s3-store.js';
/**
 * The configured artifact store, or null for the default `file://`: today's single-host layout, where every
 * worker reads and writes the run folder itself and nothing is copied.
 */
export function openStore(config) {
    const { url, endpoint, region, force_path_style } = config.storage;
    if (url.startsWith('s3://')) {
        const [bucket = '', ...rest] = url.slice('s3://'.length).split('/');
        return new S3Store({
            bucket,
            prefix: rest.filter(Boolean).join('/'),
            endpoint,
            region,
            forcePathStyle: force_path_style ?? endpoint !== null,
        });
    }
    const dir = url.slice('file://'.length);
    return dir ? new DirStore(path.resolve(config.root, dir)) : null;
}
//# sourceMappingURL=open-store.js.map