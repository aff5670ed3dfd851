import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException, } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { errorMessage } from '../shared/errors.js';
import { writeViaPart } from './part-file.js';
import './aws-sdk-env.js';
import { StorageUnavailableError } from './artifact-store.js';
const CREDENTIAL_VARS = 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)';
/** Any S3 API (AWS, MinIO, versitygw, R2, GCS interoperability) through the official client. */
export class S3Store {
    s;
    location;
    client;
    /** For the start-up check: a worker that cannot reach the store should say so at once, not in a minute. */
    quick;
    constructor(s) {
        this.s = s;
        this.location = `s3://${s.bucket}${s.prefix ? `/${s.prefix}` : ''}`;
        // Credentials come only from the standard AWS chain (env, profile, instance role): never from our config.
        const base = {
            region: s.region,
            ...(s.endpoint ? { endpoint: s.endpoint } : {}),
            forcePathStyle: s.forcePathStyle,
        };
        // During a run, a store restarting or a network blip is waited out: retries back off 0.5 s, 1 s, 2 s … up to
        // 30 s between tries, about a minute in all (the SDK's default gives up within half a second), before the
        // activity's own retries take over.
        this.client = new S3Client({
            ...base,
            retryStrategy: new ConfiguredRetryStrategy(8, (attempt) => Math.min(30_000, 250 * 2 ** attempt)),
        });
        this.quick = new S3Client({ ...base, maxAttempts: 2 });
    }
    keyOf(key) {
        return this.s.prefix ? `${this.s.prefix}/${key}` : key;
    }
    async check() {
        try {
            await this.quick.send(new ListObjectsV2Command({ Bucket: this.s.bucket, Prefix: this.keyOf(''), MaxKeys: 1 }));
        }
        catch (err) {
            throw new StorageUnavailableError(this.explain(err), { cause: err });
        }
    }
    /** One line an operator can act on: which setting or variable to fix. */
    explain(err) {
        const where = `storage.url ${this.location}${this.s.endpoint ? ` at storage.endpoint ${this.s.endpoint}` : ' on AWS'}`;
        const name = err instanceof Error ? err.name : '';
        const code = err instanceof S3ServiceException ? err.name : '';
        const status = err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
        if (code === 'NoSuchBucket' || status === 404)
            return `${where}: bucket ${this.s.bucket} does not exist; create it (aws s3 mb s3://${this.s.bucket}${this.s.endpoint ? ` --endpoint-url ${this.s.endpoint}` : ''}) or fix storage.url`;
        if (name === 'CredentialsProviderError')
            return `${where}: no credentials found; set ${CREDENTIAL_VARS} (never in the config file)`;
        if ([
            'SignatureDoesNotMatch',
            'InvalidAccessKeyId',
            'AccessDenied',
            'InvalidToken',
            'ExpiredToken',
        ].includes(code) ||
            status === 403)
            return `${where}: the store refused the credentials (${code || status}); set ${CREDENTIAL_VARS} to a key that may read and write bucket ${this.s.bucket}`;
        return `${where}: cannot reach the object store (${errorMessage(err) || name}); start it or fix storage.endpoint / storage.region`;
    }
    async putFile(key, file) {
        // Multipart for large files; an upload cut off is aborted (or never completed), so no partial object appears.
        await new Upload({
            client: this.client,
            params: { Bucket: this.s.bucket, Key: this.keyOf(key), Body: createReadStream(file) },
            partSize: 16 * 1024 * 1024,
            queueSize: 4,
            leavePartsOnError: false,
        }).done();
    }
    async getFile(key, file) {
        let body;
        try {
            const got = await this.client.send(new GetObjectCommand({ Bucket: this.s.bucket, Key: this.keyOf(key) }));
            body = got.Body;
        }
        catch (err) {
            if (err instanceof S3ServiceException &&
                (err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404))
                return false;
            throw err;
        }
        await writeViaPart(file, (tmp) => pipeline(body, createWriteStream(tmp)));
        return true;
    }
    async putText(key, text) {
        await this.client.send(new PutObjectCommand({
            Bucket: this.s.bucket,
            Key: this.keyOf(key),
            Body: text,
            ContentType: 'application/json',
        }));
    }
    async getText(key) {
        try {
            const got = await this.client.send(new GetObjectCommand({ Bucket: this.s.bucket, Key: this.keyOf(key) }));
            return (await got.Body?.transformToString('utf8')) ?? null;
        }
        catch (err) {
            if (err instanceof S3ServiceException &&
                (err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404))
                return null;
            throw err;
        }
    }
    async delete(keys) {
        for (let i = 0; i < keys.length; i += 1000) {
            const batch = keys.slice(i, i + 1000).map((key) => ({ Key: this.keyOf(key) }));
            const out = await this.client.send(new DeleteObjectsCommand({ Bucket: this.s.bucket, Delete: { Objects: batch, Quiet: true } }));
            const failed = (out.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
            if (failed.length)
                throw new Error(`could not delete ${failed.length} object(s) from ${this.location}: ${failed[0].Key} (${failed[0].Code})`);
        }
    }
    async list(prefix) {
        const out = [];
        const strip = this.s.prefix ? this.s.prefix.length + 1 : 0;
        let token;
        do {
            const page = await this.client.send(new ListObjectsV2Command({
                Bucket: this.s.bucket,
                Prefix: this.keyOf(prefix),
                ContinuationToken: token,
            }));
            for (const o of page.Contents ?? [])
                if (o.Key)
                    out.push({ key: o.Key.slice(strip), size: o.Size ?? 0 });
            token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    destroy() {
        this.client.destroy();
        this.quick.destroy();
    }
}
//# sourceMappingURL=s3-store.js.map