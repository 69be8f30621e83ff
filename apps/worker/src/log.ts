import { logger } from "./shared/log";

export const log = logger("worker");
