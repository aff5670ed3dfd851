import os from 'node:os';
import { ConfigError } from '../shared/errors.js';
/**
 * `~` and `$VAR` / `${VAR}` in a configured path, expanded as a shell would; a variable that is not set (or is
 * empty) is refused rather than left in as literal text, which would create a folder named `$HOME` in the project.
 */
export function expandPath(value, key, env, file) {
    let out = value;
    if (out === '~' || out.startsWith('~/'))
        out = os.homedir() + out.slice(1);
    else if (out.startsWith('~')) {
        throw new ConfigError(`${key} in ${file}: ${value} names another user's home (~user), which agi-core does not expand: write the path out`);
    }
    return out.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, braced, bare) => {
        const name = (braced ?? bare);
        const set = env[name];
        if (!set) {
            throw new ConfigError(`${key} in ${file}: ${value} uses $${name}, which is not set in the environment: set it, or write the path out`);
        }
        return set;
    });
}
//# sourceMappingURL=expand-path.js.map