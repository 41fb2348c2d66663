/** Implementation details of the sandbox; not API. */
package dev.reprise.runtime.internal;
