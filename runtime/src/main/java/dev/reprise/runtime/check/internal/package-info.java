/** Internals of the model checker: footprints, the search strategies, the minimiser. */
package dev.reprise.runtime.check.internal;
