/** The cooperative scheduler for wasi-threads and the decision sources that drive it. */
package dev.reprise.runtime.sched;
