/** Structured logs: one JSON object per line on stdout, as Container Insights ingests them. */
export type Level = "debug" | "info" | "warn" | "error";
export type Log = (level: Level, message: string, fields?: Record<string, unknown>) => void;

/** A log function whose lines name `service`. */
export function logger(service: string, write: (line: string) => void = (line) => process.stdout.write(line)): Log {
    return (level, message, fields = {}) => write(`${JSON.stringify({ time: new Date().toISOString(), level, service, message, ...fields })}\n`);
}
