/** How long to wait before attempt `attempt + 1` (attempt counts from 1): doubling from `baseMs`, capped at `maxMs`. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
    return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * What to do after a failed attempt:
 * - `dead-letter`: the message can never succeed (unreadable, invalid), or its attempts are used up;
 * - `retry`: try the same message again after a backoff (an error this message met: a bug, a
 *   rejected write);
 * - `wait`: a dependency is unreachable; that is not the message's fault, so it costs no attempt:
 *   wait until the dependency is back and try again (the worker stops consuming meanwhile).
 */
export type Decision = "dead-letter" | "retry" | "wait";

export interface Failure {
    /** The message is unreadable or invalid. */
    readonly permanent: boolean;
    /** The dependency the attempt used was unreachable (connection down, not an error reply). */
    readonly dependencyDown: boolean;
}

export function decide(failure: Failure, attempt: number, maxAttempts: number): Decision {
    if (failure.permanent) return "dead-letter";
    if (failure.dependencyDown) return "wait";
    return attempt >= maxAttempts ? "dead-letter" : "retry";
}
