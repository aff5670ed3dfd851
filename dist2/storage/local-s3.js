import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { execa } from 'execa';
import { UsageError } from '../shared/errors.js';
import './aws-sdk-env.js';
import { buildGoTool, cacheDir, onPath } from '../shared/go-build.js';
import { freePort } from '../shared/free-port.js';
/**
 * The S3 server agi-core starts where one is needed (tests, `agi-core up --storage local`): versitygw, an
 * Apache-2.0 S3 gateway over a plain folder. MinIO's server would do the same, but it is AGPL-3.0, which this
 * project keeps out of what it builds and ships. Pinned: a tag whose go.mod has no `replace`.
 */
export const LOCAL_S3_VERSION = 'v1.8.0';
const PKG = 'github.com/versity/versitygw/cmd/versitygw';
export function cachedLocalS3Path() {
    return path.join(cacheDir(), `versitygw-${LOCAL_S3_VERSION}`, 'versitygw');
}
/** Finds the server: $AGI_CORE_S3_SERVER_PATH, our cache, PATH; else builds it with Go (once per machine). */
export async function ensureLocalS3(log = (l) => process.stderr.write(l + '\n')) {
    const fromEnv = process.env.AGI_CORE_S3_SERVER_PATH;
    if (fromEnv) {
        if (!existsSync(fromEnv))
            throw new UsageError(`AGI_CORE_S3_SERVER_PATH=${fromEnv} does not exist: fix or unset it`);
        return fromEnv;
    }
    const cached = cachedLocalS3Path();
    if (existsSync(cached))
        return cached;
    const found = onPath('versitygw');
    if (found)
        return found;
    await buildGoTool({
        label: 'the local S3 server (versitygw)',
        pkg: PKG,
        version: LOCAL_S3_VERSION,
        binary: 'versitygw',
        target: cached,
        instead: 'install Go so agi-core can build it, put versitygw on PATH (or set AGI_CORE_S3_SERVER_PATH), or point storage.url and storage.endpoint at an S3 service you run.',
    }, log);
    return cached;
}
/** Starts the local S3 server on `dataDir` (each bucket a folder), creates `bucket`, resolves once it answers. */
export async function startLocalS3(options) {
    const binary = await ensureLocalS3();
    const port = options.port ?? (await freePort());
    const accessKey = options.accessKey ?? 'agi-core';
    const secretKey = options.secretKey ?? 'agi-core-local-secret';
    await mkdir(options.dataDir, { recursive: true });
    const logPath = options.logPath ?? path.join(options.dataDir, '..', `versitygw-${port}.log`);
    // Dies with us even when we are killed outright (SIGKILL, OOM): a server left behind holds its port and files.
    const setpriv = process.platform === 'linux' ? onPath('setpriv') : undefined;
    const command = setpriv ? [setpriv, '--pdeathsig', 'KILL', binary] : [binary];
    const child = execa(command[0], [
        ...command.slice(1),
        '--port',
        `127.0.0.1:${port}`,
        '--access',
        accessKey,
        '--secret',
        secretKey,
        '--quiet',
        'posix',
        options.dataDir,
    ], { stdin: 'ignore', stdout: { file: logPath }, stderr: { file: logPath }, reject: false, cleanup: true });
    const endpoint = `http://127.0.0.1:${port}`;
    const client = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: accessKey, secretAccessKey: secretKey },
        maxAttempts: 1,
    });
    const stop = async () => {
        child.kill('SIGTERM');
        await child;
    };
    try {
        const deadline = Date.now() + 30_000;
        for (;;) {
            if (child.exitCode !== null)
                throw new Error(`versitygw exited (${child.exitCode}); see ${logPath}`);
            try {
                await client.send(new CreateBucketCommand({ Bucket: options.bucket }));
                break;
            }
            catch (err) {
                const name = err.name;
                if (name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists')
                    break;
                if (Date.now() > deadline)
                    throw new Error(`versitygw on ${endpoint} did not answer in 30 s: ${err.message}`);
                await new Promise((r) => setTimeout(r, 100));
            }
        }
    }
    catch (err) {
        await stop();
        throw err;
    }
    finally {
        client.destroy();
    }
    return {
        endpoint,
        bucket: options.bucket,
        accessKey,
        secretKey,
        env: { AWS_ACCESS_KEY_ID: accessKey, AWS_SECRET_ACCESS_KEY: secretKey, AWS_REGION: 'us-east-1' },
        stop,
    };
}
//# sourceMappingURL=local-s3.js.map