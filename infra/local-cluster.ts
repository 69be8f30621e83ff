/**
 * The local cluster a `local` stack deploys to: its kubeconfig context must exist, and its API
 * server must answer, before anything is registered; otherwise the run stops with a message naming
 * the context and what to do (the Kubernetes provider's own error names neither).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

/** The kubeconfig files kubectl reads: $KUBECONFIG (a path list), else ~/.kube/config. */
export function kubeconfigPaths(env: NodeJS.ProcessEnv = process.env): string[] {
    const listed = (env.KUBECONFIG ?? "").split(path.delimiter).filter((p) => p !== "");
    return listed.length > 0 ? listed : [path.join(os.homedir(), ".kube", "config")];
}

interface Kubeconfig {
    contexts?: { name?: string; context?: { cluster?: string } }[];
    clusters?: { name?: string; cluster?: { server?: string } }[];
}

/** Where a context's API server is, or why the context cannot be used; from the kubeconfig documents as kubectl merges them (first wins). */
export function resolveContext(context: string, documents: readonly { file: string; text: string }[]): { server: string } | { problem: string } {
    const configs = documents.map((d) => (parse(d.text) ?? {}) as Kubeconfig);
    const contexts = configs.flatMap((c) => c.contexts ?? []);
    const found = contexts.find((c) => c.name === context);
    const files = documents.map((d) => d.file).join(", ") || "(none found)";
    if (!found) {
        const names = contexts.map((c) => c.name).filter((n): n is string => typeof n === "string");
        return {
            problem:
                `kubeContext ${JSON.stringify(context)} is not a context of your kubeconfig (${files}; contexts: ${names.join(", ") || "none"}). ` +
                `Create the cluster (e.g. kind create cluster --name platform) or set the context you have: pulumi config set kubeContext <name>`,
        };
    }
    const cluster = configs.flatMap((c) => c.clusters ?? []).find((c) => c.name === found.context?.cluster);
    const server = cluster?.cluster?.server;
    if (!server) {
        return { problem: `kubeContext ${JSON.stringify(context)} names cluster ${JSON.stringify(found.context?.cluster ?? "")}, which your kubeconfig (${files}) does not define with a server` };
    }
    return { server };
}

/** The kubeconfig documents on this machine (missing files are skipped, as kubectl does). */
export function readKubeconfigs(paths: readonly string[] = kubeconfigPaths()): { file: string; text: string }[] {
    return paths.filter((file) => fs.existsSync(file)).map((file) => ({ file, text: fs.readFileSync(file, "utf8") }));
}

/** The errors that mean the server answered (TLS with the cluster's own CA, which fetch does not trust). */
const ANSWERED = new Set(["SELF_SIGNED_CERT_IN_CHAIN", "DEPTH_ZERO_SELF_SIGNED_CERT", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "ERR_TLS_CERT_ALTNAME_INVALID"]);

/**
 * Resolves when the context's API server answers (any HTTP answer, or a TLS handshake with a
 * certificate this process does not trust: it is there); rejects naming the context, the server
 * and what to do.
 */
export async function checkLocalCluster(context: string, documents = readKubeconfigs(), fetchImpl: typeof fetch = globalThis.fetch, timeoutMs = 5000): Promise<string> {
    const resolved = resolveContext(context, documents);
    if ("problem" in resolved) throw new Error(resolved.problem);
    try {
        await fetchImpl(`${resolved.server.replace(/\/+$/, "")}/version`, { signal: AbortSignal.timeout(timeoutMs) });
        return resolved.server;
    } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        if (cause?.code && ANSWERED.has(cause.code)) return resolved.server;
        throw new Error(
            `kubeContext ${JSON.stringify(context)}: its API server ${resolved.server} does not answer (${cause?.code ?? (error as Error).message}). ` +
                "Start the local cluster (docker start, kind/k3d/minikube start) and check `kubectl --context " +
                context +
                " get nodes`",
        );
    }
}
