/**
 * Registry login for the image builder without the admin user: the Entra ID token of the identity
 * running Pulumi (the same credentials the azure-native provider uses: `az login`, OIDC in CI, a
 * managed identity) is exchanged at the registry's `/oauth2/exchange` endpoint for a registry
 * refresh token, exactly what `az acr login` does. The token lives about three hours and is fetched
 * on every run; docker-build does not rebuild when only registry credentials change.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import type { RegistryLogin } from "./service-image";

/** The user name ACR expects with a refresh token from the exchange. */
export const ACR_TOKEN_USERNAME = "00000000-0000-0000-0000-000000000000";

/** The registry login of the identity running Pulumi, in `tenantId`. */
export function acrLogin(loginServer: pulumi.Output<string>, tenantId: pulumi.Input<string>): RegistryLogin {
    const token = authorization.getClientTokenOutput();
    const password = pulumi
        .all([loginServer, tenantId, token.token])
        .apply(([server, tenant, accessToken]) => exchangeForRegistryToken(server, tenant, accessToken));
    return { loginServer, credentials: { username: ACR_TOKEN_USERNAME, password: pulumi.secret(password) } };
}

/** The fetch this module calls (global fetch; the offline plan stands in for it). */
export type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
    ok: boolean;
    status: number;
    text(): Promise<string>;
}>;

/** POST /oauth2/exchange: an Entra ID access token in, a registry refresh token out. */
export async function exchangeForRegistryToken(loginServer: string, tenant: string, accessToken: string, fetchImpl: Fetch = globalThis.fetch): Promise<string> {
    const url = `https://${loginServer}/oauth2/exchange`;
    const body = new URLSearchParams({ grant_type: "access_token", service: loginServer, tenant, access_token: accessToken }).toString();
    const response = await fetchImpl(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });
    const text = await response.text();
    if (!response.ok) {
        throw new Error(
            `registry login to ${loginServer} failed (HTTP ${response.status}): ${text.slice(0, 200)}. ` +
                "The identity running Pulumi needs AcrPush on the registry (granted by this program; new role assignments can take a few minutes to apply) " +
                "and network access to the registry (prod's registry is private: run from inside the VNet).",
        );
    }
    const refreshToken = (JSON.parse(text) as { refresh_token?: unknown }).refresh_token;
    if (typeof refreshToken !== "string" || refreshToken === "") {
        throw new Error(`registry login to ${loginServer}: the exchange answered without a refresh_token`);
    }
    return refreshToken;
}
