import * as assert from "node:assert/strict";
import { assignRoles, roleDefinitionId, subscriptionOf } from "../../../components/azure/roles";
import { capture } from "../../support/harness";

const SCOPE = "/subscriptions/12345678-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr";

describe("components/azure/roles", () => {
    it("builds the role definition id in the scope's subscription", () => {
        assert.equal(subscriptionOf(SCOPE), "12345678-0000-0000-0000-000000000000");
        assert.equal(
            roleDefinitionId(SCOPE, "AcrPull"),
            "/subscriptions/12345678-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d",
        );
        assert.throws(() => subscriptionOf("acr"), /not an ARM id inside a subscription: "acr"/);
    });

    it("refuses two grants with the same label (their resources would collide)", async () => {
        await capture(() =>
            assert.throws(
                () =>
                    assignRoles("dup", { principalId: "p" }, [
                        { role: "AcrPull", scope: SCOPE, label: "acr" },
                        { role: "AcrPush", scope: SCOPE, label: "acr" },
                    ], {}),
                /role grants for "dup" repeat the label\(s\) acr; each grant needs its own/,
            ),
        );
    });
});
