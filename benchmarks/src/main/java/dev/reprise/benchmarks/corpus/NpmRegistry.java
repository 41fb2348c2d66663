package dev.reprise.benchmarks.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reads package metadata ({@code GET <registry>/<name>/<version>}) and tarballs from an npm
 * registry over HTTPS with the JDK's HttpClient. The registry is, first found wins: the
 * constructor argument, {@code REPRISE_NPM_REGISTRY}, {@code npm_config_registry}, else
 * {@code https://registry.npmjs.org/}. An {@code https_proxy}/{@code HTTPS_PROXY} variable is
 * honoured when no {@code https.proxyHost} system property is set.
 */
public final class NpmRegistry implements PackageSource {

    /** The public registry. */
    public static final String DEFAULT = "https://registry.npmjs.org/";

    private static final int ATTEMPTS = 3;
    private final URI base;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public NpmRegistry(String registry) {
        String r = registry != null ? registry : fromEnvironment();
        this.base = URI.create(r.endsWith("/") ? r : r + "/");
        HttpClient.Builder b = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30));
        ProxySelector proxy = proxyFromEnvironment();
        if (proxy != null) {
            b.proxy(proxy);
        }
        this.http = b.build();
    }

    /** The registry named by the environment, else the public one. */
    public static String fromEnvironment() {
        for (String v : new String[] {"REPRISE_NPM_REGISTRY", "npm_config_registry", "NPM_CONFIG_REGISTRY"}) {
            String s = System.getenv(v);
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        return DEFAULT;
    }

    public URI base() {
        return base;
    }

    @Override
    public Tarball resolve(String npmPackage, String version) throws IOException {
        // Scoped names keep their '@' and encode the '/': @scope%2fname
        String name = npmPackage.startsWith("@")
                ? "@" + URLEncoder.encode(npmPackage.substring(1), StandardCharsets.UTF_8)
                : URLEncoder.encode(npmPackage, StandardCharsets.UTF_8);
        URI uri = base.resolve(name + "/" + URLEncoder.encode(version, StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(uri)
                .header("Accept", "application/json")
                .timeout(Duration.ofMinutes(2))
                .build();
        HttpResponse<byte[]> resp = send(req, HttpResponse.BodyHandlers.ofByteArray(), npmPackage + "@" + version);
        if (resp.statusCode() == 404) {
            throw new CorpusFetchException(npmPackage + "@" + version + " is not in the registry " + base);
        }
        if (resp.statusCode() != 200) {
            throw new CorpusFetchException("registry answered HTTP " + resp.statusCode() + " for " + uri);
        }
        JsonNode dist = json.readTree(resp.body()).path("dist");
        String tarball = dist.path("tarball").asText(null);
        if (tarball == null) {
            throw new CorpusFetchException("registry metadata of " + npmPackage + "@" + version + " has no dist.tarball");
        }
        String integrity = null;
        for (String sri : dist.path("integrity").asText("").split("\\s+")) {
            if (sri.startsWith("sha512-")) {
                integrity = sri;
            }
        }
        if (integrity == null) {
            String shasum = dist.path("shasum").asText(null);
            if (shasum == null) {
                throw new CorpusFetchException("registry metadata of " + npmPackage + "@" + version
                        + " has neither dist.integrity nor dist.shasum");
            }
            integrity = "sha1-" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(shasum));
        }
        try {
            return new Tarball(new URI(tarball), integrity);
        } catch (URISyntaxException e) {
            throw new CorpusFetchException("bad dist.tarball \"" + tarball + "\" for " + npmPackage + "@" + version, e);
        }
    }

    @Override
    public void download(Tarball tarball, Path target) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(tarball.uri()).timeout(Duration.ofMinutes(2)).build();
        HttpResponse<Path> resp = send(req, HttpResponse.BodyHandlers.ofFile(target), tarball.uri().toString());
        if (resp.statusCode() != 200) {
            Files.deleteIfExists(target);
            throw new CorpusFetchException("HTTP " + resp.statusCode() + " downloading " + tarball.uri());
        }
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler, String what)
            throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<T> resp = http.send(req, handler);
                if (resp.statusCode() >= 500 && attempt < ATTEMPTS) {
                    sleep(attempt);
                    continue;
                }
                return resp;
            } catch (IOException e) {
                last = e;
                if (attempt < ATTEMPTS) {
                    sleep(attempt);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + what, e);
            }
        }
        throw new CorpusFetchException("cannot reach " + req.uri().getHost() + " for " + what + " after "
                + ATTEMPTS + " attempts: " + last, last);
    }

    private static void sleep(int attempt) throws IOException {
        try {
            Thread.sleep(1000L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static ProxySelector proxyFromEnvironment() {
        if (System.getProperty("https.proxyHost") != null) {
            return null;                                  // the JDK's default selector reads it
        }
        String p = System.getenv("https_proxy");
        if (p == null || p.isBlank()) {
            p = System.getenv("HTTPS_PROXY");
        }
        if (p == null || p.isBlank()) {
            return null;
        }
        try {
            URI u = URI.create(p.contains("://") ? p : "http://" + p);
            if (u.getHost() == null) {
                return null;
            }
            return ProxySelector.of(new InetSocketAddress(u.getHost(), u.getPort() > 0 ? u.getPort() : 80));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
