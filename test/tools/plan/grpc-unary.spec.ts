import * as assert from "node:assert/strict";
import { GrpcError, UnaryChannel } from "../../../tools/plan/grpc-unary";

/* eslint-disable @typescript-eslint/no-require-imports */
// The server side is @grpc/grpc-js's, as in every policy pack.
const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");

const bytes = (b: Buffer) => b;
const method = (path: string) => ({ path, requestStream: false, responseStream: false, requestSerialize: bytes, requestDeserialize: bytes, responseSerialize: bytes, responseDeserialize: bytes });
const SERVICE = { echo: method("/test.Echo/Echo"), fail: method("/test.Echo/Fail") };

describe("tools/plan grpc-unary (unary gRPC calls over node:http2, against @grpc/grpc-js's server)", function () {
    this.timeout(30_000);
    let server: InstanceType<typeof grpc.Server>;
    let address: string;

    before(async () => {
        server = new grpc.Server({ "grpc.max_receive_message_length": -1, "grpc.max_send_message_length": -1 });
        server.addService(SERVICE as never, {
            // Answers with the request reversed, so an answer cannot be the request passed through.
            echo: (call: { request: Buffer }, done: (error: unknown, answer?: Buffer) => void) => done(null, Buffer.from(call.request).reverse()),
            fail: (call: { request: Buffer }, done: (error: unknown) => void) => done(new Error(`Error validating resource: ${call.request.toString()}\nsecond line, ünïcödé 100%`)),
        } as never);
        const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))));
        address = `127.0.0.1:${port}`;
    });
    after(() => server.forceShutdown());

    it("sends one request and returns the server's answer, for an empty, a small and a 20 MiB message (beyond every flow-control window)", async () => {
        const channel = new UnaryChannel(address);
        try {
            const big = Buffer.alloc(20 * 1024 * 1024, 7);
            big[0] = 1;
            for (const request of [Buffer.alloc(0), Buffer.from("abc"), big]) {
                const answer = await channel.call(SERVICE.echo.path, request);
                assert.equal(answer.length, request.length);
                assert.ok(answer.equals(Buffer.from(request).reverse()));
            }
        } finally {
            channel.close();
        }
    });

    it("runs many calls at once on one connection, each answer to its own request", async () => {
        const channel = new UnaryChannel(address);
        try {
            const requests = Array.from({ length: 300 }, (_, i) => Buffer.from(`request ${i}`));
            const answers = await Promise.all(requests.map((r) => channel.call(SERVICE.echo.path, r)));
            answers.forEach((a, i) => assert.equal(a.toString(), Buffer.from(requests[i]).reverse().toString()));
        } finally {
            channel.close();
        }
    });

    it("rejects with the server's status and its message decoded (lines and non-ASCII kept); an unknown method is UNIMPLEMENTED", async () => {
        const channel = new UnaryChannel(address);
        try {
            await assert.rejects(channel.call(SERVICE.fail.path, Buffer.from("r1")), (error: GrpcError) => {
                assert.ok(error instanceof GrpcError);
                assert.equal(error.code, grpc.status.UNKNOWN);
                assert.equal(error.message, "2 UNKNOWN: Error validating resource: r1\nsecond line, ünïcödé 100%");
                return true;
            });
            await assert.rejects(channel.call("/test.Echo/Missing", Buffer.from("x")), (error: GrpcError) => error.code === grpc.status.UNIMPLEMENTED && /^12 UNIMPLEMENTED: /.test(error.message));
            // The connection survives a failed call.
            assert.equal((await channel.call(SERVICE.echo.path, Buffer.from("ok"))).toString(), "ko");
        } finally {
            channel.close();
        }
    });

    it("rejects every call when nothing listens at the address", async () => {
        const closed = new grpc.Server();
        const port = await new Promise<number>((resolve, reject) => closed.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))));
        closed.forceShutdown();
        const channel = new UnaryChannel(`127.0.0.1:${port}`);
        try {
            await assert.rejects(channel.call(SERVICE.echo.path, Buffer.from("x")), /ECONNREFUSED/);
        } finally {
            channel.close();
        }
    });
});
