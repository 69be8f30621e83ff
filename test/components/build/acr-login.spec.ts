import * as assert from "node:assert/strict";
import { exchangeForRegistryToken, type Fetch } from "../../../components/build/acr-login";

function fakeRegistry(status: number, body: string): { fetch: Fetch; calls: { url: string; body: string; method: string }[] } {
    const calls: { url: string; body: string; method: string }[] = [];
    return {
        calls,
        fetch: async (url, init) => {
            calls.push({ url, body: init.body, method: init.method });
            return { ok: status >= 200 && status < 300, status, text: async () => body };
        },
    };
}

describe("components/build/acr-login", () => {
    it("exchanges the Entra ID token for a registry refresh token at /oauth2/exchange", async () => {
        const registry = fakeRegistry(200, JSON.stringify({ refresh_token: "refresh-123" }));
        const token = await exchangeForRegistryToken("myacr.azurecr.io", "tenant-1", "entra-token", registry.fetch);
        assert.equal(token, "refresh-123");
        assert.equal(registry.calls[0].url, "https://myacr.azurecr.io/oauth2/exchange");
        assert.equal(registry.calls[0].method, "POST");
        assert.deepEqual(Object.fromEntries(new URLSearchParams(registry.calls[0].body)), {
            grant_type: "access_token",
            service: "myacr.azurecr.io",
            tenant: "tenant-1",
            access_token: "entra-token",
        });
    });

    it("explains a refused exchange: status, answer, and the role and network it needs", async () => {
        const registry = fakeRegistry(401, '{"errors":[{"code":"UNAUTHORIZED"}]}');
        await assert.rejects(
            exchangeForRegistryToken("myacr.azurecr.io", "tenant-1", "entra-token", registry.fetch),
            /registry login to myacr.azurecr.io failed \(HTTP 401\): \{"errors".*needs AcrPush on the registry.*network access to the registry/,
        );
    });

    it("refuses an answer without a refresh token", async () => {
        const registry = fakeRegistry(200, "{}");
        await assert.rejects(exchangeForRegistryToken("myacr.azurecr.io", "t", "a", registry.fetch), /answered without a refresh_token/);
    });
});
