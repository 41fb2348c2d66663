package dev.reprise.wasm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsed {@code name} custom section (extended name section included: labels, types,
 * tables, memories, globals, element and data segments, fields, tags). Maps are sorted by index,
 * as the format requires. Subsections reprise does not know are kept as raw bytes. Mutable, so
 * that a pass can rename or renumber.
 */
public final class NameSection {
    /** Subsection ids of the name section. */
    public static final int MODULE = 0, FUNCTIONS = 1, LOCALS = 2, LABELS = 3, TYPES = 4, TABLES = 5, MEMORIES = 6,
            GLOBALS = 7, ELEMENTS = 8, DATAS = 9, FIELDS = 10, TAGS = 11;

    /** A subsection reprise does not interpret. */
    public record RawSubsection(int id, byte[] payload) {
    }

    private String moduleName;
    private final Map<Integer, Map<Integer, String>> nameMaps = new TreeMap<>();
    private final Map<Integer, Map<Integer, Map<Integer, String>>> indirectMaps = new TreeMap<>();
    private final List<RawSubsection> unknown = new ArrayList<>();
    private SectionId after;

    /** True for subsections holding a name map (index -> name). */
    public static boolean isNameMap(int id) {
        return id == FUNCTIONS || (id >= TYPES && id <= DATAS) || id == TAGS;
    }

    /** True for subsections holding an indirect name map (index -> index -> name). */
    public static boolean isIndirectMap(int id) {
        return id == LOCALS || id == LABELS || id == FIELDS;
    }

    public String moduleName() {
        return moduleName;
    }

    public void moduleName(String name) {
        this.moduleName = name;
    }

    /** The names of one index space (subsection {@code id}), created empty when absent. */
    public Map<Integer, String> names(int id) {
        if (!isNameMap(id)) {
            throw new IllegalArgumentException("subsection " + id + " is not a name map");
        }
        return nameMaps.computeIfAbsent(id, k -> new TreeMap<>());
    }

    /** The names inside each function (locals, labels) or type (fields), created empty when absent. */
    public Map<Integer, Map<Integer, String>> indirectNames(int id) {
        if (!isIndirectMap(id)) {
            throw new IllegalArgumentException("subsection " + id + " is not an indirect name map");
        }
        return indirectMaps.computeIfAbsent(id, k -> new TreeMap<>());
    }

    /** Ids of the name maps present, ascending. */
    public Iterable<Integer> nameMapIds() {
        return nameMaps.keySet();
    }

    /** Ids of the indirect maps present, ascending. */
    public Iterable<Integer> indirectMapIds() {
        return indirectMaps.keySet();
    }

    public Map<Integer, String> functionNames() {
        return names(FUNCTIONS);
    }

    public List<RawSubsection> unknownSubsections() {
        return unknown;
    }

    /** The last non-custom section before this one in the module read, or null. */
    public SectionId after() {
        return after;
    }

    public void after(SectionId section) {
        this.after = section;
    }

    /** Replaces one name map wholesale (used by remapping). */
    public void replaceNames(int id, Map<Integer, String> names) {
        nameMaps.put(id, new TreeMap<>(names));
    }

    /** Replaces one indirect map wholesale (used by remapping). */
    public void replaceIndirectNames(int id, Map<Integer, Map<Integer, String>> names) {
        TreeMap<Integer, Map<Integer, String>> copy = new TreeMap<>();
        names.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        indirectMaps.put(id, copy);
    }
}
