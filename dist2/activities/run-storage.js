import { openStore } from '../storage/open-store.js';
export function runStorage(config) {
    return openStore(config);
}
/** storage.url as an operator wrote it, for messages: the store's location, or file:// for none. */
export function storageName(storage) {
    if (storage === null)
        return 'file:// (the run folder, no store)';
    return typeof storage === 'string' ? storage : storage.location;
}
/**
 * Files another worker staged (`staged`: the store it used, null for the shared run folder) can be read here
 * only through the same store. A mismatch is a configuration error no retry fixes: the message says which
 * worker has what and the one fix. Null when they agree.
 */
export function storageMismatch(args) {
    const here = args.here?.location ?? null;
    if (here === args.staged)
        return null;
    return `${args.what} is in ${storageName(args.staged)}, but this ${args.worker} worker has storage.url ${storageName(here)}: give every worker the same storage.url (and resume the run)`;
}
//# sourceMappingURL=run-storage.js.map