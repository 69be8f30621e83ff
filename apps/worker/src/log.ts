/** Structured logs: one JSON object per line on stdout, as Container Insights ingests them. */
export type Level = "debug" | "info" | "warn" | "error";

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, service: "worker", message, ...fields })}\n`);
}
