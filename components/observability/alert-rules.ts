/**
 * The platform's alerts as plain data: one function of the thresholds and the topic catalog, so the
 * rule groups, the runbooks and the tests all read the same list. Expressions use only metric
 * families of metrics.ts; each alert names its runbook (docs/runbooks/<runbook>.md).
 */
export interface AlertThresholds {
    /** Messages a consumer group may lag behind before its topic alerts (per-topic overrides in the catalog). */
    readonly consumerLagMessages: number;
    /** Container restarts in 15 minutes before an alert. */
    readonly containerRestarts: number;
    /** Node memory/disk and PVC usage, in percent, before an alert. */
    readonly usagePercent: number;
    /** Redis memory in percent of maxmemory before an alert. */
    readonly redisMemoryPercent: number;
    /** Flink's checkpoint interval: no completed checkpoint for three of them alerts. */
    readonly checkpointIntervalSeconds: number;
}

/** A topic whose consumers' lag is watched. */
export interface LagWatch {
    readonly topic: string;
    readonly threshold: number;
}

/** Azure Monitor alert severities: 0 critical ... 4 verbose. */
export type Severity = 0 | 1 | 2 | 3 | 4;

export interface AlertRule {
    readonly alert: string;
    readonly expression: string;
    /** Minutes the condition holds before the alert fires. */
    readonly forMinutes: number;
    readonly severity: Severity;
    readonly summary: string;
    /** Names the labels that locate the problem ({{ $labels.x }}). */
    readonly description: string;
    /** File name (without .md) under docs/runbooks/. */
    readonly runbook: string;
}

export interface RuleGroup {
    readonly name: string;
    readonly description: string;
    readonly rules: readonly AlertRule[];
}

const MINUTES_15 = 15;

export function planAlertRules(t: AlertThresholds, lag: readonly LagWatch[]): RuleGroup[] {
    const checkpointWindow = Math.max(3 * t.checkpointIntervalSeconds, 60);
    return [
        {
            name: "flink",
            description: "Flink jobs: checkpoints and restarts.",
            rules: [
                {
                    alert: "FlinkCheckpointFailures",
                    expression: "sum by (namespace, job_name) (increase(flink_jobmanager_job_numberOfFailedCheckpoints[10m])) > 0",
                    forMinutes: 0,
                    severity: 2,
                    summary: "Flink checkpoints are failing",
                    description: "Job {{ $labels.job_name }} in {{ $labels.namespace }} failed {{ $value }} checkpoint(s) in 10 minutes.",
                    runbook: "flink-checkpoint-failures",
                },
                {
                    alert: "FlinkNoCompletedCheckpoint",
                    expression: `sum by (namespace, job_name) (increase(flink_jobmanager_job_numberOfCompletedCheckpoints[${checkpointWindow}s])) == 0`,
                    forMinutes: 5,
                    severity: 1,
                    summary: "Flink has not completed a checkpoint for three intervals",
                    description: `Job {{ $labels.job_name }} in {{ $labels.namespace }} completed no checkpoint in ${checkpointWindow}s (three checkpoint intervals).`,
                    runbook: "flink-no-completed-checkpoint",
                },
                {
                    alert: "FlinkJobRestarts",
                    expression: "sum by (namespace, job_name) (increase(flink_jobmanager_job_numRestarts[15m])) > 0",
                    forMinutes: 0,
                    severity: 2,
                    summary: "A Flink job restarted",
                    description: "Job {{ $labels.job_name }} in {{ $labels.namespace }} restarted {{ $value }} time(s) in 15 minutes.",
                    runbook: "flink-job-restarts",
                },
            ],
        },
        {
            name: "kafka",
            description: "Kafka: consumer lag per topic and dead-letter traffic.",
            rules: [
                ...lag.map((w) => ({
                    alert: "KafkaConsumerLag",
                    expression: `sum by (consumergroup, topic) (kafka_consumergroup_lag{topic="${w.topic}"}) > ${w.threshold}`,
                    forMinutes: 10,
                    severity: 2 as Severity,
                    summary: `Consumers of ${w.topic} are falling behind`,
                    description: `Group {{ $labels.consumergroup }} lags {{ $value }} messages behind ${w.topic} (threshold ${w.threshold}) for 10 minutes.`,
                    runbook: "kafka-consumer-lag",
                })),
                {
                    alert: "KafkaDeadLetterMessages",
                    expression: 'sum by (topic) (increase(kafka_topic_partition_current_offset{topic=~".+\\\\.dlt"}[5m])) > 0',
                    forMinutes: 0,
                    severity: 2,
                    summary: "Messages arrived on a dead-letter topic",
                    description: "{{ $value }} message(s) were dead-lettered to {{ $labels.topic }} in 5 minutes.",
                    runbook: "kafka-dead-letter-messages",
                },
            ],
        },
        {
            name: "workloads",
            description: "Pods and autoscalers.",
            rules: [
                {
                    alert: "PodOOMKilled",
                    expression:
                        '(max by (namespace, pod, container) (kube_pod_container_status_last_terminated_reason{reason="OOMKilled"}) == 1) and on (namespace, pod, container) (increase(kube_pod_container_status_restarts_total[15m]) > 0)',
                    forMinutes: 0,
                    severity: 2,
                    summary: "A container was OOMKilled",
                    description: "Container {{ $labels.container }} of pod {{ $labels.pod }} in {{ $labels.namespace }} was killed for exceeding its memory limit.",
                    runbook: "pod-oom-killed",
                },
                {
                    alert: "ContainerRestarts",
                    expression: `sum by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total[15m])) > ${t.containerRestarts}`,
                    forMinutes: 0,
                    severity: 2,
                    summary: "A container keeps restarting",
                    description: `Container {{ $labels.container }} of pod {{ $labels.pod }} in {{ $labels.namespace }} restarted {{ $value }} times in 15 minutes (threshold ${t.containerRestarts}).`,
                    runbook: "container-restarts",
                },
                {
                    alert: "HpaAtMaxReplicas",
                    expression:
                        "max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas) >= max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas)",
                    forMinutes: MINUTES_15,
                    severity: 3,
                    summary: "An autoscaler is at its maximum",
                    description: "HPA {{ $labels.horizontalpodautoscaler }} in {{ $labels.namespace }} has run at its maximum replicas for 15 minutes.",
                    runbook: "hpa-at-max-replicas",
                },
            ],
        },
        {
            name: "capacity",
            description: "Nodes and volumes.",
            rules: [
                {
                    alert: "NodeMemoryHigh",
                    expression: `(1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) * 100 > ${t.usagePercent}`,
                    forMinutes: 10,
                    severity: 2,
                    summary: "A node's memory is nearly full",
                    description: `Node {{ $labels.instance }} uses {{ $value }}% of its memory (threshold ${t.usagePercent}%).`,
                    runbook: "node-usage-high",
                },
                {
                    alert: "NodeDiskHigh",
                    expression: `(1 - node_filesystem_avail_bytes{mountpoint="/"} / node_filesystem_size_bytes{mountpoint="/"}) * 100 > ${t.usagePercent}`,
                    forMinutes: 10,
                    severity: 2,
                    summary: "A node's disk is nearly full",
                    description: `Node {{ $labels.instance }} uses {{ $value }}% of its root filesystem (threshold ${t.usagePercent}%).`,
                    runbook: "node-usage-high",
                },
                {
                    alert: "PersistentVolumeHigh",
                    expression: `kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes * 100 > ${t.usagePercent}`,
                    forMinutes: 10,
                    severity: 2,
                    summary: "A persistent volume is nearly full",
                    description: `Volume claim {{ $labels.persistentvolumeclaim }} in {{ $labels.namespace }} is {{ $value }}% full (threshold ${t.usagePercent}%).`,
                    runbook: "pvc-usage-high",
                },
            ],
        },
        {
            name: "redis",
            description: "Redis memory.",
            rules: [
                {
                    alert: "RedisMemoryHigh",
                    expression: `max by (namespace, pod) (redis_memory_used_bytes / redis_memory_max_bytes) * 100 > ${t.redisMemoryPercent}`,
                    forMinutes: 5,
                    severity: 2,
                    summary: "Redis is near its maxmemory",
                    description: `Redis {{ $labels.pod }} in {{ $labels.namespace }} uses {{ $value }}% of maxmemory (threshold ${t.redisMemoryPercent}%); beyond it keys are evicted or writes refused.`,
                    runbook: "redis-memory-high",
                },
            ],
        },
        {
            name: "lakehouse",
            description: "The lake's tables: their deploy-time sync and their maintenance.",
            rules: [
                {
                    alert: "LakeTableJobFailed",
                    expression: 'max by (namespace, job_name) (kube_job_status_failed{namespace="lakehouse"}) > 0',
                    forMinutes: 0,
                    severity: 2,
                    summary: "A lake table job failed",
                    description: "Job {{ $labels.job_name }} in {{ $labels.namespace }} failed: a table sync (a refused change, an unreachable catalog) or a maintenance run.",
                    runbook: "lake-table-job-failed",
                },
                {
                    alert: "LakeMaintenanceStale",
                    // The maintenance runs daily: two days without a success means the tables keep
                    // growing (no retention, no compaction, no expiry).
                    expression: 'time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{namespace="lakehouse"}) > 172800',
                    forMinutes: MINUTES_15,
                    severity: 3,
                    summary: "The lake's maintenance has not succeeded for two days",
                    description: "CronJob {{ $labels.cronjob }} in {{ $labels.namespace }} last succeeded {{ $value }} seconds ago.",
                    runbook: "lake-maintenance-stale",
                },
            ],
        },
    ];
}
