package com.example.streaming.azurefs;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.runtime.fs.hdfs.HadoopFileSystem;

/**
 * Flink's {@code abfss://} filesystem over hadoop-azure, configured from the
 * Flink configuration: every {@code fs.azure.*} option is handed to Hadoop as it is (for example
 * {@code fs.azure.account.oauth.provider.type.<account>.dfs.core.windows.net}). Hadoop keeps its own
 * class names in the plugin (only Flink's Hadoop bridge is relocated, see the module's pom.xml), so a
 * class-valued option names Hadoop's class.
 */
public final class AbfsFileSystemFactory implements FileSystemFactory {
    /** TLS to the account's dfs endpoint: the only scheme the platform uses (plain abfs:// is not served). */
    static final String SCHEME = "abfss";
    /** The prefix of the options handed to Hadoop. */
    public static final String HADOOP_PREFIX = "fs.azure.";

    private Configuration flinkConfig = new Configuration();

    @Override
    public void configure(Configuration config) {
        this.flinkConfig = config;
    }

    @Override
    public FileSystem create(URI fsUri) throws IOException {
        org.apache.hadoop.fs.FileSystem azure = new org.apache.hadoop.fs.azurebfs.SecureAzureBlobFileSystem();
        azure.initialize(fsUri, hadoopConfiguration(flinkConfig.toMap()));
        return new HadoopFileSystem(azure);
    }

    /** The Hadoop configuration of the filesystem: the {@code fs.azure.*} options, nothing else. */
    static org.apache.hadoop.conf.Configuration hadoopConfiguration(Map<String, String> flinkOptions) {
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration(false);
        flinkOptions.forEach((key, value) -> {
            if (key.startsWith(HADOOP_PREFIX)) {
                hadoop.set(key, value);
            }
        });
        return hadoop;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
