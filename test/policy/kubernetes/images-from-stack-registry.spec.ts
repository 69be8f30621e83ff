import { imagesFromStackRegistry } from "../../../policy/rules/kubernetes/images-from-stack-registry";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment } from "../fixtures";

resourceRuleTable(imagesFromStackRegistry, {
    good: deployment,
    bad: [
        ["a Docker Hub image", (r) => (container(r).image = "redis:7.4.2-alpine"), 'image (container "api") is "redis:7.4.2-alpine"; expected an image from the stack\'s registry'],
        ["a look-alike registry host", (r) => (container(r).image = "evil.azurecr.io.example.com/api:1"), "expected an image from the stack's registry"],
    ],
});

const devImage = () => {
    const r = deployment();
    container(r).image = "streamingplatformdevacr1a2b3c.azurecr.io/api:c-1@sha256:" + "0".repeat(64);
    return r;
};

resourceRuleTable(imagesFromStackRegistry, {
    good: devImage,
    config: { registryPattern: "streamingplatformdev[a-z0-9]+\\.azurecr\\.io/" },
    bad: [["another stack's registry (the pattern comes from config)", (r) => (container(r).image = "streamingplatformprodacr586f45.azurecr.io/api:c-1"), "matching streamingplatformdev[a-z0-9]+\\.azurecr\\.io/"]],
});
