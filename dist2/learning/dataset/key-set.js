import { fnv1a32, mulAdd32 } from './hash.js';
/**
 * A set of string keys stored as 64-bit hashes in typed arrays: ~16 bytes a key instead of a JS string and a
 * Set entry (~100 bytes), so deduplicating a million records costs megabytes. Two distinct keys share a
 * hash with probability ~n²/2⁶⁵ (5·10⁻⁸ at a million keys); the cost of such a collision is one record
 * counted as a duplicate.
 */
export class KeySet {
    hi = new Uint32Array(1024);
    lo = new Uint32Array(1024);
    used = new Uint8Array(1024);
    count = 0;
    get size() {
        return this.count;
    }
    /** Adds `key`; returns false when it was already present. */
    add(key) {
        const [h, l] = hash64(key);
        if (this.insert(h, l)) {
            this.count++;
            if (this.count * 2 > this.used.length)
                this.grow();
            return true;
        }
        return false;
    }
    insert(h, l) {
        const mask = this.used.length - 1;
        for (let i = (h ^ l) & mask;; i = (i + 1) & mask) {
            if (!this.used[i]) {
                this.used[i] = 1;
                this.hi[i] = h;
                this.lo[i] = l;
                return true;
            }
            if (this.hi[i] === h && this.lo[i] === l)
                return false;
        }
    }
    grow() {
        const { hi, lo, used } = this;
        this.hi = new Uint32Array(used.length * 2);
        this.lo = new Uint32Array(used.length * 2);
        this.used = new Uint8Array(used.length * 2);
        for (let i = 0; i < used.length; i++)
            if (used[i])
                this.insert(hi[i], lo[i]);
    }
}
/** Two structurally different 32-bit hashes: a 64-bit fingerprint of the key. */
function hash64(text) {
    return [fnv1a32(text), mulAdd32(text)];
}
//# sourceMappingURL=key-set.js.map