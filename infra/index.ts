/**
 * Entry point of the `streaming-platform` Pulumi program (Pulumi.yaml `main`). Reads and validates
 * the whole stack configuration before any resource is registered, then builds the platform and
 * exports what a person needs.
 */
import * as pulumi from "@pulumi/pulumi";
import { ImageSpecError } from "../components/build/service-image";
import { readStackConfig } from "../stacks/stack-config";
import { loadConfig, type PlatformConfig } from "./config";
import { createPlatform, stackOutputs } from "./platform";

/** The runtime's own test for secret keys (not in its typings; falls back to the CLI's env var). */
function isSecretKey(fullKey: string): boolean {
    const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret?: (k: string) => boolean };
    if (runtimeConfig.isConfigSecret) {
        return runtimeConfig.isConfigSecret(fullKey);
    }
    const keys: unknown = JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS ?? "[]");
    return Array.isArray(keys) && keys.includes(fullKey);
}

/** createPlatform, with invalid image specs reported like invalid config (a message, no stack trace). */
function buildPlatform(config: PlatformConfig, projectDir: string) {
    try {
        return createPlatform(config, projectDir);
    } catch (error) {
        throw error instanceof ImageSpecError ? new pulumi.RunError(error.message) : error;
    }
}

const config = readStackConfig(loadConfig, isSecretKey);
// The Pulumi CLI runs the program in the project directory (where Pulumi.yaml is).
const platform = buildPlatform(config, process.cwd());

// The module's exports are the stack outputs (see stackOutputs for the list).
export = stackOutputs(config, platform);
