package com.example.streaming;

import java.util.function.UnaryOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Counts platform events per type in event-time windows (see {@link EventCountPipeline}). Settings
 * come from the environment and arguments ({@link JobSettings}); checkpointing, the state backend
 * (RocksDB, incremental) and HA are the deployment's configuration, so the same jar runs in every
 * environment.
 */
public final class EventCountJob {
    private EventCountJob() {}

    public static void main(String[] args) throws Exception {
        JobSettings settings = JobSettings.from(System.getenv(), args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        EventCountPipeline.build(env, settings, UnaryOperator.identity());
        env.execute("event-count");
    }
}
