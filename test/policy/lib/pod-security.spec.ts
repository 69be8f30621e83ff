import * as assert from "node:assert/strict";
import fc from "fast-check";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { levelOf, versionAtLeast } from "../../../policy/lib/pod-security";
import { policies } from "../../../policy/rules";
import { apparmorProfile } from "../../../policy/rules/kubernetes/apparmor-profile";
import { defaultProcMount } from "../../../policy/rules/kubernetes/default-proc-mount";
import { dropAllCapabilities } from "../../../policy/rules/kubernetes/drop-all-capabilities";
import { noHostNamespaces } from "../../../policy/rules/kubernetes/no-host-namespaces";
import { noHostPath } from "../../../policy/rules/kubernetes/no-host-path";
import { noHostPorts } from "../../../policy/rules/kubernetes/no-host-ports";
import { noHostProbes } from "../../../policy/rules/kubernetes/no-host-probes";
import { noPrivilegeEscalation } from "../../../policy/rules/kubernetes/no-privilege-escalation";
import { noPrivilegedContainers } from "../../../policy/rules/kubernetes/no-privileged-containers";
import { noWindowsHostProcess } from "../../../policy/rules/kubernetes/no-windows-host-process";
import { restrictedVolumeTypes } from "../../../policy/rules/kubernetes/restricted-volume-types";
import { runAsNonRoot } from "../../../policy/rules/kubernetes/run-as-non-root";
import { runAsNonRootUser } from "../../../policy/rules/kubernetes/run-as-non-root-user";
import { safeSysctls } from "../../../policy/rules/kubernetes/safe-sysctls";
import { seccompRuntimeDefault } from "../../../policy/rules/kubernetes/seccomp-runtime-default";
import { selinuxOptions } from "../../../policy/rules/kubernetes/selinux-options";
import { runResourceRule, type TestResource } from "../../support/policy";
import { addEphemeral, podMetadataOf, podPathOf, podSpecOf, WORKLOAD_KINDS, workloadAs } from "../fixtures";

type Control = { rule: ResourceValidationPolicy; level: "baseline" | "restricted"; break: (r: TestResource) => void; field: string };

const first = (r: TestResource) => podSpecOf(r).containers[0];

/** Every control of the standard: its rule, its level, one way to break it and the field the message names. */
const CONTROLS: Control[] = [
    { rule: noWindowsHostProcess, level: "baseline", break: (r) => (podSpecOf(r).securityContext.windowsOptions = { hostProcess: true }), field: "securityContext.windowsOptions.hostProcess" },
    { rule: noHostNamespaces, level: "baseline", break: (r) => (podSpecOf(r).hostPID = true), field: "hostPID" },
    { rule: noPrivilegedContainers, level: "baseline", break: (r) => (first(r).securityContext.privileged = true), field: "containers[0].securityContext.privileged" },
    { rule: dropAllCapabilities, level: "baseline", break: (r) => (first(r).securityContext.capabilities.add = ["SYS_ADMIN"]), field: "containers[0].securityContext.capabilities.add" },
    { rule: noHostPath, level: "baseline", break: (r) => (podSpecOf(r).volumes = [{ name: "node", hostPath: { path: "/" } }]), field: "volumes[0].hostPath" },
    { rule: noHostPorts, level: "baseline", break: (r) => (first(r).ports[0].hostPort = 80), field: "containers[0].ports[0].hostPort" },
    { rule: noHostProbes, level: "baseline", break: (r) => (first(r).livenessProbe.httpGet.host = "10.0.0.1"), field: "containers[0].livenessProbe.httpGet.host" },
    { rule: apparmorProfile, level: "baseline", break: (r) => (podSpecOf(r).securityContext.appArmorProfile = { type: "Unconfined" }), field: "securityContext.appArmorProfile.type" },
    { rule: selinuxOptions, level: "baseline", break: (r) => (first(r).securityContext.seLinuxOptions = { type: "spc_t" }), field: "containers[0].securityContext.seLinuxOptions.type" },
    { rule: defaultProcMount, level: "baseline", break: (r) => (first(r).securityContext.procMount = "Unmasked"), field: "containers[0].securityContext.procMount" },
    { rule: seccompRuntimeDefault, level: "baseline", break: (r) => (first(r).securityContext.seccompProfile = { type: "Unconfined" }), field: "containers[0].securityContext.seccompProfile.type" },
    { rule: safeSysctls, level: "baseline", break: (r) => (podSpecOf(r).securityContext.sysctls = [{ name: "kernel.sem", value: "1" }]), field: "securityContext.sysctls[0].name" },
    { rule: restrictedVolumeTypes, level: "restricted", break: (r) => (podSpecOf(r).volumes = [{ name: "share", azureFile: { shareName: "x", secretName: "y" } }]), field: "volumes[0].azureFile" },
    { rule: noPrivilegeEscalation, level: "restricted", break: (r) => (first(r).securityContext.allowPrivilegeEscalation = true), field: "containers[0].securityContext.allowPrivilegeEscalation" },
    { rule: runAsNonRoot, level: "restricted", break: (r) => (first(r).securityContext.runAsNonRoot = false), field: "containers[0].securityContext.runAsNonRoot" },
    { rule: runAsNonRootUser, level: "restricted", break: (r) => (first(r).securityContext.runAsUser = 0), field: "containers[0].securityContext.runAsUser" },
];

describe("Pod Security Standards controls", () => {
    it("every rule that carries the pod-security settings is in the table above (one rule per control)", () => {
        const carrying = policies.filter((p) => "validateResource" in p && p.configSchema?.properties?.podSecurityLevels).map((p) => p.name);
        assert.deepEqual(carrying.sort(), CONTROLS.map((c) => c.rule.name).sort());
    });

    for (const kind of WORKLOAD_KINDS) {
        describe(`in a ${kind}`, () => {
            for (const control of CONTROLS) {
                it(`${control.rule.name}: passes the platform's pod and reports the broken field at the ${kind}'s path`, async () => {
                    assert.deepEqual(await runResourceRule(control.rule, workloadAs(kind)), { applicable: true, messages: [] });
                    const broken = workloadAs(kind);
                    control.break(broken);
                    const outcome = await runResourceRule(control.rule, broken);
                    assert.ok(outcome.applicable, JSON.stringify(outcome));
                    assert.ok(
                        outcome.messages.some((m) => m.includes(`${podPathOf(broken)}.${control.field}`)),
                        `${outcome.messages.join("\n")}\n  names no ${podPathOf(broken)}.${control.field}`,
                    );
                });
            }
        });
    }

    it("the legacy AppArmor annotation is read from a Pod's own metadata and a CronJob's template", async () => {
        for (const kind of ["Pod", "CronJob"] as const) {
            const r = workloadAs(kind);
            podMetadataOf(r).annotations = { ...podMetadataOf(r).annotations, "container.apparmor.security.beta.kubernetes.io/api": "unconfined" };
            const outcome = await runResourceRule(apparmorProfile, r);
            assert.ok(outcome.applicable && outcome.messages.length === 1, JSON.stringify(outcome));
        }
    });

    it("container-level controls judge ephemeral containers", async () => {
        const r = workloadAs("Pod");
        addEphemeral(r, { privileged: true });
        const outcome = await runResourceRule(noPrivilegedContainers, r);
        assert.ok(outcome.applicable && outcome.messages.length === 1 && outcome.messages[0].includes("spec.ephemeralContainers[0]"), JSON.stringify(outcome));
    });

    describe("levels (podSecurityLevels)", () => {
        const at = (level: string) => ({ podSecurityLevels: [{ namespace: "data|apps", level }] });
        for (const control of CONTROLS) {
            it(`${control.rule.name} (${control.level}): judged in restricted namespaces, ${control.level === "baseline" ? "and" : "not"} in baseline ones, never in privileged ones`, async () => {
                const broken = workloadAs("Deployment");
                control.break(broken);
                const restricted = await runResourceRule(control.rule, broken, at("restricted"));
                assert.ok(restricted.applicable && restricted.messages.length > 0, JSON.stringify(restricted));
                const baseline = await runResourceRule(control.rule, broken, at("baseline"));
                if (control.level === "baseline") {
                    assert.ok(baseline.applicable && baseline.messages.length > 0, JSON.stringify(baseline));
                } else {
                    assert.equal(baseline.applicable, false);
                    assert.match((baseline as { reason: string }).reason, /namespace "apps" is judged at baseline/);
                }
                assert.equal((await runResourceRule(control.rule, broken, at("privileged"))).applicable, false);
            });
        }
    });

    describe("levelOf", () => {
        it("the first entry whose pattern matches the whole name wins; unmatched namespaces are restricted", () => {
            const levels = [{ namespace: "kafka|flink", level: "baseline" as const }, { namespace: ".*", level: "privileged" as const }];
            assert.equal(levelOf("kafka", levels), "baseline");
            assert.equal(levelOf("kafka-2", levels), "privileged");
            assert.equal(levelOf("apps", []), "restricted");
            assert.equal(levelOf("apps", [{ namespace: "(", level: "baseline" }]), "restricted", "an invalid pattern matches nothing");
        });
    });

    describe("versionAtLeast", () => {
        it("property: 1.N is at least 1.M exactly when N >= M, and latest is at least every version", () => {
            fc.assert(
                fc.property(fc.nat(60), fc.nat(60), (n, m) => {
                    assert.equal(versionAtLeast(`1.${n}`, m), n >= m);
                    assert.equal(versionAtLeast("latest", m), true);
                }),
            );
        });
    });
});
