package com.example.streaming.azurefs;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.runtime.fs.hdfs.HadoopFileSystem;

/**
 * Flink's {@code abfs://} and {@code abfss://} filesystems over hadoop-azure, configured from the
 * Flink configuration: every {@code fs.azure.*} option is handed to Hadoop as it is (for example
 * {@code fs.azure.account.oauth.provider.type.<account>.dfs.core.windows.net}). The build relocates
 * Hadoop, so a class-valued option names the relocated class (see the module's pom.xml).
 */
public abstract class AbfsFileSystemFactory implements FileSystemFactory {
    /** The prefix of the options handed to Hadoop. */
    public static final String HADOOP_PREFIX = "fs.azure.";

    private Configuration flinkConfig = new Configuration();

    @Override
    public void configure(Configuration config) {
        this.flinkConfig = config;
    }

    @Override
    public FileSystem create(URI fsUri) throws IOException {
        org.apache.hadoop.fs.FileSystem azure = newAzureFileSystem();
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

    abstract org.apache.hadoop.fs.FileSystem newAzureFileSystem();

    /** {@code abfss://}: TLS to the account's dfs endpoint (what the platform uses). */
    public static final class Secure extends AbfsFileSystemFactory {
        @Override
        public String getScheme() {
            return "abfss";
        }

        @Override
        org.apache.hadoop.fs.FileSystem newAzureFileSystem() {
            return new org.apache.hadoop.fs.azurebfs.SecureAzureBlobFileSystem();
        }
    }

    /** {@code abfs://}: the same filesystem without TLS (for emulators; never the platform's storage). */
    public static final class Plain extends AbfsFileSystemFactory {
        @Override
        public String getScheme() {
            return "abfs";
        }

        @Override
        org.apache.hadoop.fs.FileSystem newAzureFileSystem() {
            return new org.apache.hadoop.fs.azurebfs.AzureBlobFileSystem();
        }
    }
}
