/**
 * Why a base model that is a path on this host cannot be loaded, or null. Checked before a run converts anything,
 * so the mistake costs a second, not a conversion and a trainer start. A path this host lacks is left to the GPU
 * host, which may have it.
 */
export declare function baseModelProblem(model: string): string | null;
/**
 * A base model a run plan names (run-spec.ts runSettings) as this host loads it: `./x` is the folder x of this
 * host's project, as is a bare name this project has a folder of (`tiny`); a hub id or an absolute path stays.
 */
export declare function baseModelOnThisHost(root: string, model: string): string;
