/** The in-memory file system the guest sees, seeded from host directories. */
package dev.reprise.runtime.fs;
