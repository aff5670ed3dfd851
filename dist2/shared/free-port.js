import net from 'node:net';
/**
 * A port free now, picked below Linux's ephemeral range (32768–60999): a dev server binds four more ports of
 * its own from that range, so a port the kernel handed out as "free" could be taken by another server before
 * ours starts on it. Random within 20000–32767 and checked by binding; the kernel's pick after 20 tries.
 */
export async function freePort() {
    for (let i = 0; i < 20; i++) {
        const candidate = 20_000 + Math.floor(Math.random() * 12_768);
        if (await bindable(candidate))
            return candidate;
    }
    const port = await bindable(0);
    if (port === false)
        throw new Error('no free TCP port on 127.0.0.1');
    return port;
}
function bindable(port) {
    return new Promise((resolve) => {
        const server = net.createServer();
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => {
            const bound = server.address().port;
            server.close(() => resolve(bound));
        });
    });
}
//# sourceMappingURL=free-port.js.map