/** WASI preview1 host functions over the virtual clock, random stream, file system and scheduler. */
package dev.reprise.runtime.wasi;
