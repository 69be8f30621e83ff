import { noHostProbes } from "../../../policy/rules/kubernetes/no-host-probes";
import { resourceRuleTable, runResourceRule } from "../../support/policy";
import { addInit, container, deployment } from "../fixtures";
import * as assert from "node:assert/strict";

resourceRuleTable(noHostProbes, {
    good: deployment,
    compliant: [["an empty host", (r) => (container(r).readinessProbe.httpGet.host = "")]],
    bad: [
        ["a readiness probe dialling another host", (r) => (container(r).readinessProbe.httpGet.host = "10.0.0.1"), 'containers[0].readinessProbe.httpGet.host (container "api") is "10.0.0.1"; expected unset or ""'],
        ["a preStop hook dialling another host", (r) => (container(r).lifecycle = { preStop: { httpGet: { host: "metadata.internal", path: "/", port: 80 } } }), 'lifecycle.preStop.httpGet.host (container "api") is "metadata.internal"'],
        ["an init container's tcpSocket startup probe with a host", (r) => (addInit(r).startupProbe = { tcpSocket: { host: "169.254.169.254", port: 80 } }), 'initContainers[0].startupProbe.tcpSocket.host (container "init")'],
    ],
});

describe("policy no-host-probes (versions)", () => {
    it("is not applicable when the standard's version predates the control (1.33)", async () => {
        const r = deployment();
        container(r).readinessProbe.httpGet.host = "10.0.0.1";
        const outcome = await runResourceRule(noHostProbes, r, { podSecurityVersion: "1.33" });
        assert.equal(outcome.applicable, false);
        assert.match((outcome as { reason: string }).reason, /from 1\.34/);
    });
});
