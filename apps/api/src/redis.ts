/**
 * Just enough of the Redis protocol (RESP) to prove a connection works: AUTH when a password is
 * set, then PING. Readiness needs nothing more, so the API carries no Redis client library.
 */
import * as net from "node:net";
import * as tls from "node:tls";

export interface RedisTarget {
    readonly host: string;
    readonly port: number;
    readonly password?: string;
    readonly tls: boolean;
}

/** A RESP array of bulk strings: how clients send commands. */
export function command(...parts: string[]): string {
    return `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join("")}`;
}

/** Resolves when Redis answers PING with PONG (after AUTH, if a password is set); rejects otherwise. */
export function ping(target: RedisTarget, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
        const socket = target.tls ? tls.connect({ host: target.host, port: target.port, servername: target.host }) : net.connect({ host: target.host, port: target.port });
        const expected = target.password ? ["+OK", "+PONG"] : ["+PONG"];
        let buffer = "";
        const finish = (error?: Error) => {
            socket.destroy();
            if (error) {
                reject(error);
            } else {
                resolve();
            }
        };
        socket.setTimeout(timeoutMs, () => finish(new Error(`redis ${target.host}:${target.port}: no answer within ${timeoutMs} ms`)));
        socket.once("error", (error) => finish(error));
        socket.once(target.tls ? "secureConnect" : "connect", () => {
            socket.write((target.password ? command("AUTH", target.password) : "") + command("PING"));
        });
        socket.on("data", (chunk) => {
            buffer += chunk.toString("utf8");
            const lines = buffer.split("\r\n");
            buffer = lines.pop() ?? "";
            for (const line of lines) {
                const want = expected.shift();
                if (line !== want) {
                    finish(new Error(`redis ${target.host}:${target.port} answered ${JSON.stringify(line)} instead of ${want}`));
                    return;
                }
                if (expected.length === 0) {
                    finish();
                    return;
                }
            }
        });
    });
}
