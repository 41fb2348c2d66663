/** Deterministic WASI sandbox on Endive: {@link dev.reprise.runtime.Sandbox}, {@link dev.reprise.runtime.RunOptions}, {@link dev.reprise.runtime.RunOutcome}. */
package dev.reprise.runtime;
