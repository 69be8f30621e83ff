/**
 * Unary gRPC calls over Node's own HTTP/2 client, for the analyzer's thread: a request's bytes in,
 * the response's bytes out, as the gRPC over HTTP/2 protocol defines them (a POST to
 * `/<service>/<method>`, one length-prefixed message each way, the status in the trailers). The
 * plan makes one call per resource; @grpc/grpc-js's client spends more time per call (its
 * channel, call and interceptor layers, in JavaScript) than the policy pack's server spends on
 * many of them. The server is the pack's own (@grpc/grpc-js), unchanged.
 */
import * as http2 from "node:http2";

/** gRPC status names, as clients print them. */
const STATUS = ["OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"];

/** A call the server answered with a status other than OK: `<code> <NAME>: <details>`, like grpc-js's errors. */
export class GrpcError extends Error {
    constructor(
        readonly code: number,
        readonly details: string,
        readonly method: string,
    ) {
        super(`${code} ${STATUS[code] ?? "UNKNOWN"}: ${details}`);
        this.name = "GrpcError";
    }
}

/** Flow-control window for each call and the connection: a stack's AnalyzeStack request is megabytes. */
const WINDOW_BYTES = 16 * 1024 * 1024;
/** The 5-byte prefix of a gRPC message: compressed flag (0: not) and big-endian length. */
const PREFIX_BYTES = 5;

/** One HTTP/2 connection to a gRPC server on which unary calls are made. */
export class UnaryChannel {
    private readonly session: http2.ClientHttp2Session;
    private failure: Error | undefined;

    /** `address`: host:port of a server speaking gRPC without TLS. */
    constructor(address: string) {
        this.session = http2.connect(`http://${address}`, { settings: { initialWindowSize: WINDOW_BYTES } });
        this.session.on("connect", () => this.session.setLocalWindowSize(WINDOW_BYTES));
        this.session.on("error", (error) => (this.failure = error));
    }

    /** Calls `method` (`/package.Service/Method`) with one serialized request; resolves with the serialized response. */
    call(method: string, request: Uint8Array): Promise<Buffer> {
        if (this.failure) {
            return Promise.reject(this.failure);
        }
        return new Promise((resolve, reject) => {
            const stream = this.session.request({
                ":method": "POST",
                ":path": method,
                "content-type": "application/grpc",
                te: "trailers",
            });
            const chunks: Buffer[] = [];
            let status: number | undefined;
            let details = "";
            // A server that fails at once sends the status with the response headers (trailers-only).
            const readStatus = (headers: http2.IncomingHttpHeaders) => {
                if (headers["grpc-status"] !== undefined) {
                    status = Number(headers["grpc-status"]);
                    details = decodeURIComponent(String(headers["grpc-message"] ?? ""));
                }
            };
            stream.on("response", readStatus);
            stream.on("trailers", readStatus);
            stream.on("data", (chunk: Buffer) => chunks.push(chunk));
            stream.on("error", (error) => reject(this.failure ?? error));
            stream.on("end", () => {
                if (status !== 0) {
                    reject(status === undefined ? new Error(`${method}: the server closed the call without a gRPC status`) : new GrpcError(status, details, method));
                    return;
                }
                const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
                if (body.length < PREFIX_BYTES || body[0] !== 0 || body.readUInt32BE(1) !== body.length - PREFIX_BYTES) {
                    reject(new Error(`${method}: expected one uncompressed message in the response, got ${body.length} bytes`));
                    return;
                }
                resolve(body.subarray(PREFIX_BYTES));
            });
            const frame = Buffer.allocUnsafe(PREFIX_BYTES + request.length);
            frame[0] = 0;
            frame.writeUInt32BE(request.length, 1);
            frame.set(request, PREFIX_BYTES);
            stream.end(frame);
        });
    }

    close(): void {
        this.session.close();
    }
}
