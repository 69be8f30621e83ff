import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
    mirrorRef,
    mirrorRepository,
    splitDigestRef,
    THIRD_PARTY_IMAGES,
    thirdPartyProblems,
    upstreamRef,
    type ThirdPartyImage,
} from "../../../components/build/third-party-images";
import { runs } from "../../support/fast-check";

const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
const segment = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/);

describe("components/build/third-party-images", () => {
    it("the catalog is valid, and every digest it pins names where it comes from", () => {
        assert.deepEqual(thirdPartyProblems(THIRD_PARTY_IMAGES), []);
        for (const [name, image] of Object.entries(THIRD_PARTY_IMAGES) as [string, ThirdPartyImage][]) {
            assert.ok(image.provenance.length > 20, `${name} says where its digest comes from, or why it has none`);
        }
    });

    it("names every problem of a catalog at once: registry left implied, latest, a short digest, no provenance", () => {
        const problems = thirdPartyProblems({
            implied: { source: "redis", tag: "7", provenance: "x" },
            latest: { source: "docker.io/library/redis", tag: "latest", provenance: "x" },
            short: { source: "quay.io/strimzi/operator", tag: "0.49.1", digest: "sha256:abc", provenance: "x" },
            silent: { source: "quay.io/strimzi/kafka", tag: "1", provenance: " " },
        });
        assert.equal(problems.length, 4, problems.join("\n"));
        assert.match(problems[0], /^implied\.source "redis": expected <registry host>\/<repository>/);
        assert.match(problems[1], /^latest\.tag "latest": pin a version tag/);
        assert.match(problems[2], /^short\.digest "sha256:abc": expected sha256:<64 lower-case hex digits>/);
        assert.match(problems[3], /^silent\.provenance: say where the digest comes from/);
    });

    it("pulls upstream by digest where pinned, by tag where not; mirrors under mirror/<upstream path>", () => {
        assert.equal(upstreamRef(THIRD_PARTY_IMAGES.redis), `docker.io/library/redis:7.4.2-alpine@${THIRD_PARTY_IMAGES.redis.digest}`);
        assert.equal(upstreamRef(THIRD_PARTY_IMAGES.flinkOperator), "docker.io/apache/flink-kubernetes-operator:1.11.0");
        assert.equal(mirrorRepository(THIRD_PARTY_IMAGES.strimziKafka), "mirror/strimzi/kafka");
    });

    it("property: a mirror ref splits back into its registry, repository, tag and digest", () => {
        fc.assert(
            fc.property(segment, fc.array(segment, { minLength: 1, maxLength: 3 }), tag, hex, (host, path, version, digest) => {
                const image = { source: `${host}.io/${path.join("/")}`, tag: version, provenance: "test" };
                const ref = mirrorRef("acr.azurecr.io", image, `sha256:${digest}`);
                assert.deepEqual(splitDigestRef(ref), { registry: "acr.azurecr.io", repository: `mirror/${path.join("/")}`, tag: version, digest: `sha256:${digest}` });
            }),
            runs(300),
        );
    });

    it("refuses a mirror whose import printed something other than a digest, naming the image", () => {
        assert.throws(() => mirrorRef("acr.azurecr.io", THIRD_PARTY_IMAGES.ratify, "ERROR: unauthorized"), /mirrored image ghcr.io\/ratify-project\/ratify:v1.4.0: the import gave "ERROR: unauthorized", not a digest/);
        assert.throws(() => splitDigestRef("acr.azurecr.io/mirror/redis:7"), /expected <registry>\/<repository>\[:<tag>\]@sha256:<64 hex>/);
    });
});
