/**
 * A port free now, picked below Linux's ephemeral range (32768–60999): a dev server binds four more ports of
 * its own from that range, so a port the kernel handed out as "free" could be taken by another server before
 * ours starts on it. Random within 20000–32767 and checked by binding; the kernel's pick after 20 tries.
 */
export declare function freePort(): Promise<number>;
