import path from 'node:path';
import { loadClientConfigProfile } from '@temporalio/envconfig';
import { ConfigError, errorMessage } from '../shared/errors.js';
/**
 * The `temporal:` settings that the standard TEMPORAL_* variables and the Temporal CLI's TOML profiles give,
 * read by the SDK's own `@temporalio/envconfig` so agi-core connects wherever `temporal` connects.
 * A TOML profile is read only when TEMPORAL_PROFILE or TEMPORAL_CONFIG_FILE asks for one: an operator's
 * personal default profile must not silently move an embedded project onto another cluster.
 */
export function temporalEnvLayers(env, cwd = process.cwd()) {
    const vars = Object.fromEntries(Object.entries(env).filter((e) => typeof e[1] === 'string'));
    checkBoolean(vars, 'TEMPORAL_TLS');
    checkBoolean(vars, 'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION');
    const useFile = Boolean(vars.TEMPORAL_PROFILE || vars.TEMPORAL_CONFIG_FILE);
    let profile;
    try {
        profile = loadClientConfigProfile({ overrideEnvVars: vars, disableFile: !useFile });
    }
    catch (err) {
        throw new ConfigError(`cannot load Temporal profile ${vars.TEMPORAL_PROFILE ?? 'default'} from ${vars.TEMPORAL_CONFIG_FILE ?? 'the Temporal CLI config file'} (TEMPORAL_PROFILE / TEMPORAL_CONFIG_FILE): ${errorMessage(err)}`, { cause: err });
    }
    const fileSource = `profile ${vars.TEMPORAL_PROFILE ?? 'default'} (${vars.TEMPORAL_CONFIG_FILE ?? 'Temporal CLI config'})`;
    const layers = [];
    const add = (key, value, envName) => {
        if (value === undefined || value === '')
            return;
        layers.push({
            source: vars[envName] !== undefined ? `env ${envName}` : fileSource,
            data: nest(`temporal.${key}`, value),
        });
    };
    add('address', profile.address, 'TEMPORAL_ADDRESS');
    add('namespace', profile.namespace, 'TEMPORAL_NAMESPACE');
    add('api_key', profile.apiKey, 'TEMPORAL_API_KEY');
    const tls = profile.tls;
    if (tls) {
        const files = [
            ['client_cert', tls.clientCert, 'TEMPORAL_TLS_CLIENT_CERT'],
            ['client_key', tls.clientKey, 'TEMPORAL_TLS_CLIENT_KEY'],
            ['server_ca_cert', tls.serverCACert, 'TEMPORAL_TLS_SERVER_CA_CERT'],
        ];
        for (const [key, source, envPrefix] of files) {
            if (!source)
                continue;
            if ('path' in source)
                add(`tls.${key}_path`, path.resolve(cwd, source.path), `${envPrefix}_PATH`);
            else
                add(`tls.${key}_data`, Buffer.from(source.data).toString('utf8'), `${envPrefix}_DATA`);
        }
        add('tls.server_name', tls.serverName, 'TEMPORAL_TLS_SERVER_NAME');
        const anySetting = Boolean(tls.clientCert || tls.clientKey || tls.serverCACert || tls.serverName);
        if (tls.disabled !== undefined)
            add('tls.enabled', !tls.disabled, 'TEMPORAL_TLS');
        else if (anySetting)
            add('tls.enabled', true, 'TEMPORAL_TLS_CLIENT_CERT_PATH');
    }
    return layers;
}
function checkBoolean(vars, name) {
    const value = vars[name];
    if (value === undefined || value === '')
        return;
    if (!['1', '0', 'true', 'false'].includes(value)) {
        throw new ConfigError(`${name} must be true, false, 1 or 0, got "${value}"`);
    }
}
function nest(key, value) {
    return key
        .split('.')
        .reverse()
        .reduce((inner, part) => ({ [part]: inner }), value);
}
//# sourceMappingURL=temporal-env.js.map