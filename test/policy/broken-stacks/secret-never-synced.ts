import { changeOne, type Expected } from "./fixture";

/**
 * Redis reads its password from the Secret its SecretProviderClass syncs, but its pod no longer
 * mounts the driver's volume: the driver would never sync the Secret, and Redis would never start.
 */
export const transform = changeOne("kubernetes:apps/v1:StatefulSet", "redis-statefulset", (props) => {
    const pod = props.spec.template.spec;
    const containers = pod.containers.map((c: Record<string, any>) => ({ ...c, volumeMounts: (c.volumeMounts ?? []).filter((m: { name: string }) => m.name !== "secrets-store") }));
    props.spec = { ...props.spec, template: { ...props.spec.template, spec: { ...pod, containers, volumes: [] } } };
});
export const expected: Expected = {
    policy: "secrets-from-key-vault",
    message: 'kubernetes:apps/v1:StatefulSet "redis-statefulset": spec.template.spec.containers[0].env[0] is reads Secret redis, which SecretProviderClass redis syncs, and the pod mounts no SecretProviderClass',
};
