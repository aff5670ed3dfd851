/**
 * `~` and `$VAR` / `${VAR}` in a configured path, expanded as a shell would; a variable that is not set (or is
 * empty) is refused rather than left in as literal text, which would create a folder named `$HOME` in the project.
 */
export declare function expandPath(value: string, key: string, env: NodeJS.ProcessEnv, file: string): string;
