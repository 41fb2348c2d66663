package dev.reprise.wasm;

/**
 * A delegating {@link ModuleVisitor} that knows where the stream is: it calls
 * {@link #enterSection} before the first entry of each standard section and
 * {@link #leaveSection} after its last one, in section order, for every section, present in
 * the module or not (custom sections do not count). Passes that insert entries at the start or
 * end of a section extend it and override only the two hooks; entries they emit from a hook
 * through {@code super.visitX} go straight to the next visitor.
 *
 * <p>Legal call order: as {@link ModuleVisitor}.
 */
public abstract class SectionTracker extends ModuleVisitor {
    private static final SectionId[] ORDER = SectionId.values();

    private int entered = SectionId.CUSTOM.ordinal();
    private int left = SectionId.CUSTOM.ordinal();

    protected SectionTracker(ModuleVisitor next) {
        super(next);
    }

    /** The stream is about to deliver the first entry of {@code section} (or has passed an absent one). */
    protected void enterSection(SectionId section) {
    }

    /** The stream has delivered the last entry of {@code section} (or passed an absent one). */
    protected void leaveSection(SectionId section) {
    }

    /** Enters every section up to and including {@code target}, leaving those before it. */
    private void reach(SectionId target) {
        while (entered < target.ordinal()) {
            step();
        }
    }

    private void step() {
        if (left < entered) {
            left = entered;
            leaveSection(ORDER[entered]);
        }
        if (entered < ORDER.length - 1) {
            entered++;
            enterSection(ORDER[entered]);
        }
    }

    @Override
    public void visitRecGroup(RecGroup group) {
        reach(SectionId.TYPE);
        super.visitRecGroup(group);
    }

    @Override
    public void visitImport(String module, String name, ExternType type) {
        reach(SectionId.IMPORT);
        super.visitImport(module, name, type);
    }

    @Override
    public void visitFunction(int typeIndex) {
        reach(SectionId.FUNCTION);
        super.visitFunction(typeIndex);
    }

    @Override
    public void visitTable(TableType type, ConstExpr init) {
        reach(SectionId.TABLE);
        super.visitTable(type, init);
    }

    @Override
    public void visitMemory(MemoryType type) {
        reach(SectionId.MEMORY);
        super.visitMemory(type);
    }

    @Override
    public void visitTag(TagType type) {
        reach(SectionId.TAG);
        super.visitTag(type);
    }

    @Override
    public void visitGlobal(GlobalType type, ConstExpr init) {
        reach(SectionId.GLOBAL);
        super.visitGlobal(type, init);
    }

    @Override
    public void visitExport(String name, ExternalKind kind, int index) {
        reach(SectionId.EXPORT);
        super.visitExport(name, kind, index);
    }

    @Override
    public void visitStart(int functionIndex) {
        reach(SectionId.START);
        super.visitStart(functionIndex);
    }

    @Override
    public void visitElement(ElementSegment segment) {
        reach(SectionId.ELEMENT);
        super.visitElement(segment);
    }

    @Override
    public void visitDataCount(int count) {
        reach(SectionId.DATA_COUNT);
        super.visitDataCount(count);
    }

    @Override
    public CodeVisitor visitCode(int functionIndex) {
        reach(SectionId.CODE);
        return super.visitCode(functionIndex);
    }

    @Override
    public void visitData(DataSegment segment) {
        reach(SectionId.DATA);
        super.visitData(segment);
    }

    /** Enters and leaves every remaining section, then ends. */
    @Override
    public void visitEnd() {
        reach(SectionId.DATA);
        if (left < entered) {
            left = entered;
            leaveSection(ORDER[entered]);
        }
        super.visitEnd();
    }
}
