package dev.reprise.transform.exceptions;

import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.SectionAppender;
import dev.reprise.wasm.ValType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The block types of the blocks the rewrite wraps around a try: a handler's landing block takes
 * the try's parameters and yields the caught values and an exnref. Types the module lacks are
 * appended to its type section, all of them before the rewrite writes ({@link #prepare}), since
 * the type section comes first.
 */
final class WrapperTypes {
    private final ModuleSummary module;
    private final SectionAppender appender;
    private final Map<FuncType, BlockType> known = new HashMap<>();
    private boolean sealed;

    WrapperTypes(ModuleSummary module, SectionAppender appender) {
        this.module = module;
        this.appender = appender;
    }

    /** Registers every type the rewrite of {@code trys} will ask for. */
    void prepare(FunctionTrys trys) {
        for (LegacyTry t : trys.trys) {
            if (t.delegates || t.delegatedTo) {
                exnref(t.type);
            }
            for (int tag : t.catches) {
                caught(t.type, tag);
            }
        }
    }

    /** No type may be added any more: the type section is being written. */
    void seal() {
        sealed = true;
    }

    /** {@code [try's params] -> [exnref]}: a catch_all_ref landing, or a delegate's. */
    BlockType exnref(BlockType tryType) {
        return of(new FuncType(params(tryType), List.of(ValType.EXNREF)));
    }

    /** {@code [try's params] -> [tag's params, exnref]}: a catch_ref landing ({@code catch_all_ref} for {@link LegacyTry#CATCH_ALL}). */
    BlockType caught(BlockType tryType, int tag) {
        List<ValType> results = new ArrayList<>();
        if (tag != LegacyTry.CATCH_ALL) {
            results.addAll(module.funcType(module.tags().get(tag).typeIndex()).params());
        }
        results.add(ValType.EXNREF);
        return of(new FuncType(params(tryType), results));
    }

    /** {@code [] -> results}: a block around a whole body. */
    BlockType results(List<ValType> results) {
        return of(new FuncType(List.of(), results));
    }

    private List<ValType> params(BlockType t) {
        return t.hasTypeIndex() ? module.funcType(t.typeIndex()).params() : List.of();
    }

    private BlockType of(FuncType type) {
        if (type.params().isEmpty() && type.results().isEmpty()) {
            return BlockType.EMPTY;
        }
        if (type.params().isEmpty() && type.results().size() == 1) {
            return BlockType.of(type.results().get(0));
        }
        BlockType b = known.get(type);
        if (b == null) {
            if (sealed) {
                throw new IllegalStateException("block type " + type + " was not prepared");
            }
            b = BlockType.ofTypeIndex(appender.funcType(type));
            known.put(type, b);
        }
        return b;
    }
}
