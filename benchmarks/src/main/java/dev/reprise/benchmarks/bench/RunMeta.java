package dev.reprise.benchmarks.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Where and how a bench run happened.
 *
 * @param date start, ISO-8601 with offset
 * @param reprise reprise version
 * @param machine the machine
 * @param corpus the manifest file
 * @param programs the programs this run attempted, in order
 * @param repeat timed repeats per measured run
 * @param shard {@code I/N} or null when not sharded
 * @param wallSeconds the whole run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunMeta(String date, String reprise, Machine machine, String corpus, List<String> programs, int repeat,
        String shard, double wallSeconds) {

    /**
     * The machine a run used.
     *
     * @param host host name
     * @param cores available processors
     * @param memoryBytes physical memory (0 when unknown)
     * @param maxHeapBytes the JVM's maximum heap
     * @param os name, version and architecture
     * @param jdk Java runtime version and vendor
     * @param node {@code node --version}, or null when node is absent
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Machine(String host, int cores, long memoryBytes, long maxHeapBytes, String os, String jdk,
            String node) {
    }
}
