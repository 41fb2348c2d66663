package dev.reprise.record.trace;

/**
 * One method per event kind, each doing nothing by default: override the kinds you care about
 * and feed events through {@link #handle}, an enum switch instead of an {@code instanceof} chain.
 */
public interface TraceEventHandler extends TraceSink {
    /** An export call. */
    default void exportCall(TraceEvent.ExportCall e) {
    }

    /** An export return. */
    default void exportReturn(TraceEvent.ExportReturn e) {
    }

    /** An import call. */
    default void importCall(TraceEvent.ImportCall e) {
    }

    /** An import return. */
    default void importReturn(TraceEvent.ImportReturn e) {
    }

    /** A read of bytes the host changed. */
    default void hostRead(TraceEvent.HostRead e) {
    }

    /** A memory growth. */
    default void memoryGrow(TraceEvent.MemoryGrow e) {
    }

    /** A table growth. */
    default void tableGrow(TraceEvent.TableGrow e) {
    }

    /** A table element set by the host. */
    default void tableSet(TraceEvent.TableSet e) {
    }

    /** A global changed by the host. */
    default void globalChange(TraceEvent.GlobalChange e) {
    }

    /** A thread spawn. */
    default void threadSpawn(TraceEvent.ThreadSpawn e) {
    }

    /** A scheduler decision. */
    default void schedulerDecision(TraceEvent.SchedulerDecision e) {
    }

    /** An output digest. */
    default void outputDigest(TraceEvent.OutputDigest e) {
    }

    /** A final memory digest. */
    default void memoryDigest(TraceEvent.MemoryDigest e) {
    }

    /** Calls an exception the host threw ended without returning. */
    default void unwind(TraceEvent.Unwind e) {
    }

    /** A function the host made and placed where the module can call it. */
    default void hostFunction(TraceEvent.HostFunction e) {
    }

    /** Bytes the host wrote while it had control (host-mode recording). */
    default void hostWrite(TraceEvent.HostWrite e) {
    }

    /** Calls the method for the event's kind. */
    default void handle(TraceEvent e) {
        switch (e.kind()) {
            case EXPORT_CALL:
                exportCall((TraceEvent.ExportCall) e);
                break;
            case EXPORT_RETURN:
                exportReturn((TraceEvent.ExportReturn) e);
                break;
            case IMPORT_CALL:
                importCall((TraceEvent.ImportCall) e);
                break;
            case IMPORT_RETURN:
                importReturn((TraceEvent.ImportReturn) e);
                break;
            case HOST_READ:
                hostRead((TraceEvent.HostRead) e);
                break;
            case MEMORY_GROW:
                memoryGrow((TraceEvent.MemoryGrow) e);
                break;
            case TABLE_GROW:
                tableGrow((TraceEvent.TableGrow) e);
                break;
            case TABLE_SET:
                tableSet((TraceEvent.TableSet) e);
                break;
            case GLOBAL_CHANGE:
                globalChange((TraceEvent.GlobalChange) e);
                break;
            case THREAD_SPAWN:
                threadSpawn((TraceEvent.ThreadSpawn) e);
                break;
            case SCHEDULER_DECISION:
                schedulerDecision((TraceEvent.SchedulerDecision) e);
                break;
            case OUTPUT_DIGEST:
                outputDigest((TraceEvent.OutputDigest) e);
                break;
            case MEMORY_DIGEST:
                memoryDigest((TraceEvent.MemoryDigest) e);
                break;
            case HOST_WRITE:
                hostWrite((TraceEvent.HostWrite) e);
                break;
            case UNWIND:
                unwind((TraceEvent.Unwind) e);
                break;
            case HOST_FUNCTION:
                hostFunction((TraceEvent.HostFunction) e);
                break;
            default:
                throw new IllegalStateException("unhandled event kind " + e.kind());
        }
    }

    /** Same as {@link #handle}, so that a handler can be a trace sink. */
    @Override
    default void write(TraceEvent event) {
        handle(event);
    }
}
