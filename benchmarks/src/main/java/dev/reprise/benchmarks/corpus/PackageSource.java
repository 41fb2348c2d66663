package dev.reprise.benchmarks.corpus;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Where package tarballs come from: the npm registry, or a fake in tests. */
public interface PackageSource {

    /**
     * A resolved tarball.
     *
     * @param uri       where to download it
     * @param integrity its Subresource-Integrity string ({@code sha512-BASE64}), or
     *                  {@code sha1-BASE64} made from the legacy {@code shasum} when that is all
     *                  the registry has
     */
    record Tarball(URI uri, String integrity) {}

    /** Looks up the tarball of {@code npmPackage@version}. */
    Tarball resolve(String npmPackage, String version) throws IOException;

    /** Downloads the tarball to {@code target} (which does not exist yet). */
    void download(Tarball tarball, Path target) throws IOException;
}
