package dev.reprise.wasm;

/**
 * Visits a module, section by section (like ASM's ClassVisitor). Every method forwards to the
 * next visitor when there is one, so a pass extends this class and overrides only what it
 * changes.
 *
 * <p>Legal call order (the reader follows it; a writer accepts any order within a section and
 * emits sections in the standard order): {@code visitHeader}, then any of {@code visitCustomSection}
 * and {@code visitNameSection} at any point, then {@code visitRecGroup}*, {@code visitImport}*,
 * {@code visitFunction}*, {@code visitTable}*, {@code visitMemory}*, {@code visitTag}*,
 * {@code visitGlobal}*, {@code visitExport}*, {@code visitStart}?, {@code visitElement}*,
 * {@code visitDataCount}?, {@code visitCode}* (each returned {@link CodeVisitor} is completed
 * before the next call), {@code visitData}*, and finally {@code visitEnd}.
 */
public abstract class ModuleVisitor {
    /** The visitor calls are forwarded to, or null. */
    protected final ModuleVisitor next;

    protected ModuleVisitor() {
        this(null);
    }

    protected ModuleVisitor(ModuleVisitor next) {
        this.next = next;
    }

    /** The binary format version (1) and the shape of the module about to be visited. */
    public void visitHeader(int version, ModuleSummary summary) {
        if (next != null) {
            next.visitHeader(version, summary);
        }
    }

    /** A custom section other than a parseable {@code name} section. */
    public void visitCustomSection(CustomSection section) {
        if (next != null) {
            next.visitCustomSection(section);
        }
    }

    /** The {@code name} section. */
    public void visitNameSection(NameSection names) {
        if (next != null) {
            next.visitNameSection(names);
        }
    }

    /** One entry of the type section. */
    public void visitRecGroup(RecGroup group) {
        if (next != null) {
            next.visitRecGroup(group);
        }
    }

    public void visitImport(String module, String name, ExternType type) {
        if (next != null) {
            next.visitImport(module, name, type);
        }
    }

    /** One entry of the function section: a defined function's type index. */
    public void visitFunction(int typeIndex) {
        if (next != null) {
            next.visitFunction(typeIndex);
        }
    }

    /** A defined table; {@code init} is its initialiser expression, or null for the plain form. */
    public void visitTable(TableType type, ConstExpr init) {
        if (next != null) {
            next.visitTable(type, init);
        }
    }

    public void visitMemory(MemoryType type) {
        if (next != null) {
            next.visitMemory(type);
        }
    }

    public void visitTag(TagType type) {
        if (next != null) {
            next.visitTag(type);
        }
    }

    public void visitGlobal(GlobalType type, ConstExpr init) {
        if (next != null) {
            next.visitGlobal(type, init);
        }
    }

    public void visitExport(String name, ExternalKind kind, int index) {
        if (next != null) {
            next.visitExport(name, kind, index);
        }
    }

    public void visitStart(int functionIndex) {
        if (next != null) {
            next.visitStart(functionIndex);
        }
    }

    public void visitElement(ElementSegment segment) {
        if (next != null) {
            next.visitElement(segment);
        }
    }

    public void visitDataCount(int count) {
        if (next != null) {
            next.visitDataCount(count);
        }
    }

    /**
     * The body of the defined function with index {@code functionIndex} (imports counted).
     * Returns the visitor for its locals and instructions, or null to skip the body.
     */
    public CodeVisitor visitCode(int functionIndex) {
        return next != null ? next.visitCode(functionIndex) : null;
    }

    public void visitData(DataSegment segment) {
        if (next != null) {
            next.visitData(segment);
        }
    }

    public void visitEnd() {
        if (next != null) {
            next.visitEnd();
        }
    }
}
