/** Host-mode recording internals (tracked memories, written ranges, table and global watch); not API. */
package dev.reprise.record.host.internal;
