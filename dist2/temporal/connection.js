import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { UsageError, errorMessage } from '../shared/errors.js';
function readSetting(file, setting, env) {
    try {
        return readFileSync(file);
    }
    catch (err) {
        throw new UsageError(`cannot read ${file} (temporal.tls.${setting} / ${env}): ${errorMessage(err)}`, {
            cause: err,
        });
    }
}
/** A PEM from its file (read now, naming the setting when it can't be) or from its inline text. */
function pem(file, data, setting) {
    const env = `TEMPORAL_TLS_${setting.toUpperCase()}_${file ? 'PATH' : 'DATA'}`;
    const bytes = file ? readSetting(file, `${setting}_path`, env) : data ? Buffer.from(data) : undefined;
    if (bytes && !bytes.includes('-----BEGIN ')) {
        throw new UsageError(`${file ?? 'the text'} of temporal.tls.${setting}_${file ? 'path' : 'data'} (${env}) is not PEM (no "-----BEGIN" line): give the PEM-encoded certificate or key`);
    }
    return bytes;
}
/** TLS and API key from config and the standard TEMPORAL_* variables; a missing file is named with its setting. */
export function connectionSettings(config) {
    if (!config)
        return {};
    const { tls, api_key } = config.temporal;
    const settings = {};
    if (api_key)
        settings.apiKey = api_key;
    const cert = tls.client_cert_path ?? tls.client_cert_data;
    const key = tls.client_key_path ?? tls.client_key_data;
    const anyFile = cert || key || tls.server_ca_cert_path || tls.server_ca_cert_data;
    if (tls.enabled || anyFile) {
        if (Boolean(cert) !== Boolean(key)) {
            throw new UsageError('mTLS needs both temporal.tls.client_cert_path and temporal.tls.client_key_path (TEMPORAL_TLS_CLIENT_CERT_PATH / TEMPORAL_TLS_CLIENT_KEY_PATH)');
        }
        settings.tls = {
            serverNameOverride: tls.server_name ?? undefined,
            serverRootCACertificate: pem(tls.server_ca_cert_path, tls.server_ca_cert_data, 'server_ca_cert'),
            clientCertPair: cert && key
                ? {
                    crt: pem(tls.client_cert_path, tls.client_cert_data, 'client_cert'),
                    key: pem(tls.client_key_path, tls.client_key_data, 'client_key'),
                }
                : undefined,
        };
    }
    else if (api_key) {
        // API keys travel only over TLS (Temporal Cloud requires it).
        settings.tls = true;
    }
    return settings;
}
/**
 * Why a connection failed, in words: the Rust core reports transport errors as Rust debug text
 * (`tonic::transport::Error(Transport, ConnectError(… Os { … message: "Connection refused" }))`), which tells an
 * operator nothing; the innermost OS or resolver message does.
 */
export function connectFailure(err) {
    const text = errorMessage(err);
    const dns = /dns error/.test(text);
    const inner = /(?:message|error): "([^"]+)"/.exec(text)?.[1];
    if (inner)
        return `${dns ? 'host name not found: ' : ''}${inner.charAt(0).toLowerCase()}${inner.slice(1)}`;
    if (/before the deadline|deadline exceeded/i.test(text))
        return 'no answer within 5 s (is a Temporal frontend listening there?)';
    if (/tonic::|ConnectError|Os \{/.test(text))
        return 'transport error (nothing reachable speaks Temporal there)';
    return text;
}
/** Connects a client, turning "nothing there" into one line that names the setting. */
export async function connectClient(address, namespace, config, setting = 'temporal.address / TEMPORAL_ADDRESS / --address') {
    const settings = connectionSettings(config);
    let connection;
    try {
        connection = await Connection.connect({ address, connectTimeout: 5_000, ...settings });
    }
    catch (err) {
        throw new UsageError(`cannot reach Temporal at ${address} (${setting}): ${connectFailure(err)}`, {
            cause: err,
        });
    }
    try {
        await connection.workflowService.describeNamespace({ namespace });
    }
    catch (err) {
        await connection.close();
        throw new UsageError(`Temporal at ${address} has no namespace "${namespace}" (temporal.namespace / TEMPORAL_NAMESPACE / --namespace): ${errorMessage(err)}`, { cause: err });
    }
    return { client: new Client({ connection, namespace }), connection };
}
export async function connectWorker(address, config) {
    const settings = connectionSettings(config);
    try {
        return await NativeConnection.connect({ address, ...settings });
    }
    catch (err) {
        throw new UsageError(`worker cannot reach Temporal at ${address} (temporal.address / TEMPORAL_ADDRESS / --address): ${connectFailure(err)}`, { cause: err });
    }
}
//# sourceMappingURL=connection.js.map