/**
 * The metric families the platform's alerts and dashboards may use, by where they come from. A rule
 * that names anything else refers to a metric nobody exposes (a test parses every expression and
 * checks its metric names against this catalogue).
 */
export const METRIC_SOURCES = {
    /** Azure Monitor managed Prometheus's default targets in every AKS cluster. */
    "kube-state-metrics": [
        "kube_pod_container_status_restarts_total",
        "kube_pod_container_status_last_terminated_reason",
        "kube_horizontalpodautoscaler_status_current_replicas",
        "kube_horizontalpodautoscaler_spec_max_replicas",
        "kube_deployment_status_replicas_available",
        "kube_job_status_failed",
        "kube_cronjob_status_last_successful_time",
    ],
    "node-exporter": ["node_memory_MemAvailable_bytes", "node_memory_MemTotal_bytes", "node_filesystem_avail_bytes", "node_filesystem_size_bytes", "node_cpu_seconds_total"],
    kubelet: ["kubelet_volume_stats_used_bytes", "kubelet_volume_stats_capacity_bytes"],
    /** Flink's Prometheus reporter (JobManager job metrics). */
    flink: ["flink_jobmanager_job_numberOfFailedCheckpoints", "flink_jobmanager_job_numberOfCompletedCheckpoints", "flink_jobmanager_job_numRestarts", "flink_jobmanager_job_lastCheckpointDuration"],
    /** Strimzi's Kafka Exporter (consumer lag, offsets) and the brokers' JMX exporter. */
    "kafka-exporter": ["kafka_consumergroup_lag", "kafka_topic_partition_current_offset"],
    "kafka-broker": ["kafka_server_replicamanager_underreplicatedpartitions", "kafka_controller_kafkacontroller_offlinepartitionscount"],
    /** redis_exporter beside Redis. */
    redis: ["redis_memory_used_bytes", "redis_memory_max_bytes", "redis_connected_clients", "redis_up"],
    /** The api and the worker (apps/*\/src/metrics.ts, prom-client; test/apps/services.integration.spec.ts scrapes them). */
    app: [
        "http_requests_total",
        "http_request_duration_seconds_bucket",
        "http_request_duration_seconds_sum",
        "http_request_duration_seconds_count",
        "events_published_total",
        "worker_messages_total",
        "worker_dead_letters_total",
        "worker_retries_total",
        "worker_consumer_lag",
    ],
} as const;

export const METRIC_FAMILIES: ReadonlySet<string> = new Set(Object.values(METRIC_SOURCES).flat());
