import * as assert from "node:assert/strict";
import fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { importCommand, parseImageRef, PromotedImage } from "../../../components/build/promoted-image";
import { capture, valueOf } from "../../support/harness";

const DIGEST = `sha256:${"ab".repeat(32)}`;
const SOURCE = `devacr.azurecr.io/api:c-0123456789abcdef0123@${DIGEST}`;
const SOURCE_REGISTRY = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dev/providers/Microsoft.ContainerRegistry/registries/devacr";
const segment = fc.stringMatching(/^[a-z0-9]{1,8}$/);

describe("components/build/PromotedImage", () => {
    it("property: parseImageRef reads back the registry, repository, tag and digest a ref was made of", () => {
        fc.assert(
            fc.property(segment, fc.array(segment, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/), fc.stringMatching(/^[0-9a-f]{64}$/), (host, path, tag, hex) => {
                const ref = { loginServer: `${host}.azurecr.io`, repository: path.join("/"), tag, digest: `sha256:${hex}` };
                assert.deepEqual(parseImageRef(`${ref.loginServer}/${ref.repository}:${ref.tag}@${ref.digest}`), ref);
            }),
        );
    });

    it("refuses a ref without a digest, naming it and the expected form", () => {
        assert.throws(() => parseImageRef("devacr.azurecr.io/api:latest"), /image ref "devacr.azurecr.io\/api:latest": expected <registry>\/<repository>:<tag>@sha256:<64 hex digits>/);
    });

    it("imports the source digest under its tag, then checks the digest is there; arguments are shell-quoted", () => {
        const command = importCommand(parseImageRef(SOURCE), SOURCE_REGISTRY, "prodacr");
        assert.equal(
            command,
            `az acr import --name 'prodacr' --registry '${SOURCE_REGISTRY}' --source 'api@${DIGEST}' --image 'api:c-0123456789abcdef0123' --force --only-show-errors && ` +
                `az acr manifest show-metadata --registry 'prodacr' --name 'api@${DIGEST}' --query digest --output tsv --only-show-errors`,
        );
        assert.match(importCommand(parseImageRef(SOURCE), "it's", "prodacr"), /--registry 'it'\\''s'/);
    });

    it("hands workloads this registry's ref with the source's tag and digest, re-imports when the source changes, waits for the push grant", async () => {
        const captured = await capture(() => {
            const grant = new (class extends pulumi.CustomResource {})("test:index:Grant", "push-grant", {});
            return new PromotedImage("image-api", { sourceRef: SOURCE, sourceRegistryId: SOURCE_REGISTRY, registry: { name: "prodacr", loginServer: "prodacr.azurecr.io" }, importAfter: [grant] });
        });
        assert.equal(await valueOf(captured.value.ref), `prodacr.azurecr.io/api:c-0123456789abcdef0123@${DIGEST}`);
        assert.equal(await valueOf(captured.value.digest), DIGEST);
        const command = captured.one("command:local:Command");
        assert.deepEqual(command.inputs.triggers, [SOURCE]);
        assert.deepEqual(command.inputs.environment, { REGISTRY_LOGIN_SERVER: "prodacr.azurecr.io" });
        assert.ok(command.dependencies.some((urn) => urn.endsWith("::push-grant")));
        assert.equal(captured.ofType("docker-build:index:Image").length, 0, "nothing is built");
    });
});
