import { UsageError } from '../shared/errors.js';
/** The store cannot be used as configured: the message names storage.url / storage.endpoint / credentials. */
export class StorageUnavailableError extends UsageError {
    name = 'StorageUnavailableError';
}
//# sourceMappingURL=artifact-store.js.map