/** The bench runner's internals: the per-program pipeline, host drivers, timing and process helpers. */
package dev.reprise.benchmarks.bench.internal;
