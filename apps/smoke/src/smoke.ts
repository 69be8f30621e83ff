/**
 * The smoke test: runs the checks in CHECKS (checks.ts) until each passes or DEADLINE_SECONDS pass,
 * logs each result as a JSON line, and exits 0 only when all passed. The Job running it is the last
 * step of a deployment: Pulumi waits for it and fails the update when it fails.
 *
 * Kubernetes API calls use the pod's service account (token and CA mounted by Kubernetes), at
 * KUBERNETES_API_URL if set (e.g. http://127.0.0.1:8001 through `kubectl proxy`), else
 * https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { parseChecks, runChecks } from "./checks";

const ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
const REQUEST_TIMEOUT_MS = 5_000;

function log(message: string, fields: Record<string, unknown> = {}): void {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: message === "failed" ? "error" : "info", service: "smoke", message, ...fields })}\n`);
}

/** GET `url`: status and body. */
function get(url: string, options: https.RequestOptions = {}): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const request = (url.startsWith("https:") ? https : http).get(url, { ...options, timeout: REQUEST_TIMEOUT_MS }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        });
        request.on("timeout", () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
        request.on("error", reject);
    });
}

function kubernetesApi(env: NodeJS.ProcessEnv): (path: string) => Promise<unknown> {
    const base = env.KUBERNETES_API_URL ?? `https://${env.KUBERNETES_SERVICE_HOST}:${env.KUBERNETES_SERVICE_PORT ?? "443"}`;
    const options = (): https.RequestOptions =>
        base.startsWith("https:")
            ? { ca: fs.readFileSync(`${ACCOUNT}/ca.crt`), headers: { Authorization: `Bearer ${fs.readFileSync(`${ACCOUNT}/token`, "utf8").trim()}` } }
            : {};
    return async (path) => {
        const { status, body } = await get(`${base}${path}`, options());
        if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${body.slice(0, 200)}`);
        return JSON.parse(body);
    };
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
    const checks = parseChecks(env.CHECKS);
    const deadlineMs = Number(env.DEADLINE_SECONDS ?? "300") * 1000;
    const intervalMs = Number(env.INTERVAL_SECONDS ?? "5") * 1000;
    const results = await runChecks(
        checks,
        {
            httpStatus: async (url) => (await get(url)).status,
            getResource: kubernetesApi(env),
            sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
            now: () => Date.now(),
            log,
        },
        deadlineMs,
        intervalMs,
    );
    const failed = Object.entries(results).filter(([, reason]) => reason !== undefined);
    log(failed.length === 0 ? "all checks passed" : "smoke test failed", { passed: checks.length - failed.length, failed: Object.fromEntries(failed) });
    return failed.length === 0 ? 0 : 1;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (error: Error) => {
            log("failed", { reason: error.message });
            process.exit(1);
        },
    );
}
