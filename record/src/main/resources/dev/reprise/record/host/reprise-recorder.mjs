// reprise-recorder.mjs: records a reprise-instrumented WebAssembly module under its real
// JavaScript host and writes a binary reprise trace (the format of TraceWriter / TraceReader).
//
// Use it as a preload; the host program stays as it is:
//
//   reprise instrument APP.wasm -o APP.rec.wasm              (shadow mode: node 24 or later)
//   reprise instrument APP.wasm -o APP.rec.wasm --full       (node 20 has no multi-memory)
//   REPRISE_TRACE=run.trace node --import ./reprise-recorder.mjs HOST.mjs APP.rec.wasm ARGS...
// (node 22 runs multi-memory but aborts instantiating a shadow-mode module that imports
// node:wasi's functions; reprise record --node picks the mode by probing the node.)
//
// It wraps WebAssembly.instantiate, WebAssembly.instantiateStreaming and new
// WebAssembly.Instance: a module that imports "reprise_rec" gets the recording hooks added to
// its imports and its exports (memories, tables) captured; every other module is untouched.
// One instrumented module per process, on the main thread (a worker thread instantiating it ends
// the process with a message on stderr), unless REPRISE_THREADS=1: then the module (one with a
// shared memory, rewritten by reprise's atomics pass) may be instantiated once per thread, and the
// threads run it one at a time (reprise-threads.mjs). Environment:
//   REPRISE_TRACE        where to write the trace (required once an instrumented module is seen)
//   REPRISE_THREADS      1: a recording of threads (reprise record --node sets it for a shared memory)
//   REPRISE_FLUSH_BYTES  buffered bytes that trigger a write to the file (default 65536)
// The trace is written as the run goes (chunks of REPRISE_FLUSH_BYTES); at exit the trailer
// (event count and CRC32C) closes it. A run killed on the way leaves a readable prefix without
// a trailer, which readers report as incomplete; so does SIGINT/SIGTERM.
// Plain JavaScript, no dependencies besides reprise-trace-file.mjs (the trace writer) and
// reprise-host-functions.mjs (functions the host sets into tables) beside it; reprise ships all
// three (reprise record --js-runtime DIR).

import { writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { basename } from 'node:path';
import process from 'node:process';
import { isMainThread, getEnvironmentData, setEnvironmentData } from 'node:worker_threads';
import { TraceFile, SharedTraceFile, value, writeValue, writeValues, littleEndian } from './reprise-trace-file.mjs';
import { Baton, sharedState } from './reprise-threads.mjs';
import { HostFunctions, HOST_MODULE, writeHostFunction } from './reprise-host-functions.mjs';

const HOOK_MODULE = 'reprise_rec';
const ORIGIN_SECTION = 'reprise_rec.origin';
/**
 * A replay re-recorded by reprise verify carries this section (NodeRerecording in Java): the
 * replay renumbers functions and may define what the original imported, so it names the original
 * index of each function it placed in a table, the export of each memory and table, and the
 * functions it stands in for the host's (HookRecorder.replayingHostFunctions on the JVM).
 */
const RERECORD_SECTION = 'reprise_rec.rerecord';
/** Exports the instrumentation adds for functions of host-visible tables (TableFunctions.PREFIX). */
const TABLE_FUNCTION_PREFIX = 'reprise_rec.table_function.';
/** Exports of the shadow memories (RecordingInstrumentation.SHADOW_MEMORY_PREFIX; shadow mode). */
const SHADOW_MEMORY_PREFIX = 'reprise_rec.shadow_memory.';
/** The export of the table of all the instrumented module's functions (RecordingInstrumentation.FUNCTIONS_EXPORT). */
const FUNCTIONS_EXPORT = 'reprise_rec.functions';
/** The largest host read of the final state (as HookRecorder's MAX_FINAL_READ). */
const MAX_FINAL_READ = 1 << 20;
const RAW_TABLE_GET = WebAssembly.Table.prototype.get;
const ORIGIN_VERSION = 2;
const MAX_READ = 1 << 24;

// event tags (EventKind)
const EXPORT_CALL = 1, EXPORT_RETURN = 2, IMPORT_CALL = 3, IMPORT_RETURN = 4, HOST_READ = 5,
  MEMORY_GROW = 6, TABLE_GROW = 7, TABLE_SET = 8, GLOBAL_CHANGE = 9, THREAD_SPAWN = 10,
  OUTPUT_DIGEST = 12, MEMORY_DIGEST = 13, UNWIND = 15, SCHEDULER_DECISION = 11;
// value type codes (ValType)
const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b, FUNCREF = 0x70, EXTERNREF = 0x6f;
const TYPE_CODES = { i32: I32, i64: I64, f32: F32, f64: F64, v128: V128, funcref: FUNCREF, externref: EXTERNREF };

/** The import module of reprise's scheduler (AtomicsToSchedulerPass.MODULE): the module's atomic waits and notifies. */
const SCHEDULER_MODULE = 'reprise';
/** A recording of a module that runs in several realms (worker threads) on one shared memory. */
const THREADS = process.env.REPRISE_THREADS === '1';
/** worker_threads environment data: what a worker's recorder needs of the main thread (its argv, the trace's path). */
const MAIN_KEY = 'reprise.main';
if (THREADS && isMainThread) {
  sharedState();
  setEnvironmentData(MAIN_KEY, { argv: process.argv, trace: process.env.REPRISE_TRACE });
}

let session = null;
let interrupted = false;

/** Throws; once a recording runs, it also marks the trace incomplete (a recorder failure is no normal end). */
function fail(message) {
  const e = new Error(`reprise recorder: ${message}`);
  if (session && !session.failure) session.failure = e;
  throw e;
}

function hexBytes(hex) {
  if (!/^([0-9a-f]{64})?$/.test(hex)) fail(`bad module digest '${hex}' in the ${ORIGIN_SECTION} section`);
  const b = new Uint8Array(hex.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(hex.substr(2 * i, 2), 16);
  return b;
}

// ---------------------------------------------------------------------------------------------
// Recorder: the reprise_rec hooks, with the event semantics of the JVM HookRecorder

/** Writers of events at the normal end of a run (before the trailer), each (recorder) => void. */
const END_OF_RUN_WRITERS = [(rec) => rec.writeFinalState()];

/** Observers of import calls by "module.name", run when the call event is written. */
const IMPORT_OBSERVERS = {
  'wasi_snapshot_preview1.fd_write': (rec, args) => rec.digestOutput(args),
};

class Recorder {
  constructor(origin, trace, importObject, rerecord) {
    this.origin = origin;
    this.rerecord = rerecord;
    this.trace = trace;
    this.importObject = importObject;
    this.exports = null;
    this.exportCalled = false;
    this.frames = [];
    this.externIds = new Map();
    const fn = (e) => ({
      index: e.index, name: e.name, module: e.module,
      params: e.params.map(typeCode), results: e.results.map(typeCode),
      observer: e.module === undefined ? undefined : IMPORT_OBSERVERS[`${e.module}.${e.name}`],
      threadSpawn: e.module === 'wasi' && e.name === 'thread-spawn',
    });
    this.exportFns = origin.exports.map((e) => (e.kind === 'func' ? fn(e) : null));
    this.importFns = origin.imports.filter((i) => i.kind === 'func').map(fn);
    // hot paths (a call_indirect hook per indirect call): tables looked up once, wrappers by index
    this.tables = new Map();
    this.memories = new Map();
    this.importedFunctions = this.importFns.length;
    // functions reprise's atomics pass imported after the instrumentation (threads): defined functions move up by as many
    this.addedImports = 0;
    this.wrapperOf = new Map();
    this.functionIndex = new WeakMap();
    // functions the host sets into tables; told apart from the module's once the instance is there (attach)
    this.hostFunctions = new HostFunctions(this, undefined, origin.functions, origin.types);
    // an exception a host function threw, not yet seen caught: the frame of the outermost import it
    // went out of (-1: none) and the import that threw it first
    this.thrownAt = -1;
    this.thrownImport = -1;
    if (rerecord) this.standIns = this.replayedHostFunctions(rerecord);
  }

  /**
   * A re-recorded replay: the functions it stands in for the host's, by their running index. Each
   * gets the import slot past the module's imports in trace order (the replay reports its calls
   * there), and is declared where the module first meets it in a table, as the recording declared it.
   */
  replayedHostFunctions(rerecord) {
    const byRunning = new Map();
    rerecord.hosts.forEach((h, k) => {
      const f = {
        index: h.funcIndex, module: HOST_MODULE, name: `function.${h.funcIndex}`,
        params: h.params.map(typeCode), results: h.results.map(typeCode), observer: undefined, threadSpawn: false,
      };
      this.importFns[this.importedFunctions + k] = f;
      byRunning.set(h.running, { f, declared: false });
    });
    return byRunning;
  }

  /**
   * A replay's stub is about to throw what the recorded host threw (reprise_rec.import_threw): the
   * innermost open import call below the frames the exception already went through threw it.
   */
  replayThrew() {
    const frames = this.frames;
    for (let i = (this.thrownAt < 0 ? frames.length : this.thrownAt) - 1; i >= 0; i--) {
      if (!frames[i].isExport) {
        if (this.thrownAt < 0) this.thrownImport = frames[i].f.index;
        this.thrownAt = i;
        return;
      }
    }
    fail('recording hook import_threw outside any import call');
  }

  /**
   * The host function of import `module.name` threw (or passed on) an exception. Its frame is the
   * innermost open call of that import below the frames the exception already went through.
   */
  threw(module, name) {
    const frames = this.frames;
    for (let i = (this.thrownAt < 0 ? frames.length : this.thrownAt) - 1; i >= 0; i--) {
      const frame = frames[i];
      if (!frame.isExport && frame.f.module === module && frame.f.name === name) {
        if (this.thrownAt < 0) this.thrownImport = frame.f.index;
        this.thrownAt = i;
        return;
      }
    }
  }

  /**
   * The run goes on after a throw: in host code (`byHost`: an export call or an import's return
   * comes next) that caught it in the innermost import call below the thrower, else in guest code
   * that caught it in the innermost export call below it. The calls above the catcher end (an
   * unwind event); results reported since the throw (they went to the top frame) are the catcher's.
   */
  /**
   * JavaScript's stack is empty (a microtask runs) but calls are still open: an exception took them
   * all out of the module. They end here (an unwind event), as an export call from JavaScript would
   * have ended them, so that the trace shows them ended before any other thread takes the baton.
   */
  unwoundAll() {
    if (this.thrownAt < 0 || this.frames.length === 0) return;
    this.thrownAt = -1;
    const n = this.frames.length;
    this.frames.length = 0;
    const out = this.trace.begin(UNWIND);
    out.u32(n);
    out.u32(this.thrownImport);
    this.trace.end();
  }

  caught(byHost) {
    const frames = this.frames;
    let keep = 0;
    for (let i = this.thrownAt - 1; i >= 0; i--) {
      if (frames[i].isExport !== byHost) {
        keep = i + 1;
        break;
      }
    }
    this.thrownAt = -1;
    const top = frames[frames.length - 1];
    const carried = top.called ? top.values : [];
    const n = frames.length - keep;
    frames.length = keep;
    if (byHost && keep > 0) frames[keep - 1].values = carried;
    const out = this.trace.begin(UNWIND);
    out.u32(n);
    out.u32(this.thrownImport);
    this.trace.end();
  }

  /**
   * The import object with each host function wrapped so that an exception it throws is seen
   * (a Proxy of the glue, such as Emscripten's for missing imports, is asked for each import).
   */
  observingThrows(module, importObject) {
    const out = {};
    for (const { module: m, name, kind } of WebAssembly.Module.imports(module)) {
      if (m === HOOK_MODULE) continue;
      out[m] ??= {};
      const v = importObject?.[m]?.[name];
      if (kind !== 'function' || typeof v !== 'function') {
        out[m][name] = v;
        continue;
      }
      const recorder = this;
      out[m][name] = function observed(...args) {
        try {
          return v.apply(this, args);
        } catch (e) {
          recorder.threw(m, name);
          throw e;
        }
      };
    }
    return out;
  }

  /** The hook functions, by import name. */
  hooks() {
    const r = this;
    return {
      export_enter: (i) => r.enter(true, i),
      export_exit: (i) => r.exit(true, i),
      import_enter: (i) => r.enter(false, i),
      import_exit: (i) => r.exit(false, i),
      value_i32: (v) => r.value(value(I32, v)),
      value_i64: (v) => r.value(value(I64, v)),
      value_f32: (bits) => r.value(value(F32, bits)),
      value_f64: (bits) => r.value(value(F64, bits)),
      value_v128: (lo, hi) => r.value(value(V128, lo, hi)),
      value_ref: (isNull) => r.value(r.reference(isNull !== 0)),
      read_i8: (m, addr, v) => r.read(m, addr, littleEndian(v, 1)),
      read_i16: (m, addr, v) => r.read(m, addr, littleEndian(v, 2)),
      read_i32: (m, addr, v) => r.read(m, addr, littleEndian(v, 4)),
      read_i64: (m, addr, v) => r.read(m, addr, littleEndian(v, 8)),
      read_v128: (m, addr, lo, hi) => {
        const b = new Uint8Array(16);
        const d = new DataView(b.buffer);
        d.setBigUint64(0, BigInt.asUintN(64, lo), true);
        d.setBigUint64(8, BigInt.asUintN(64, hi), true);
        r.read(m, addr, b);
      },
      read_range: (m, addr, len) => r.readRange(m, addr, len),
      memory_size: (m, pages) => r.sized(MEMORY_GROW, m, pages),
      table_size: (t, size) => r.tableSize(t, size),
      table_get: (t, i) => r.tableEntry(t, i),
      call_indirect: (t, i, type) => r.tableEntry(t, i, type),
      global_i32: (g, v) => r.global(g, value(I32, v)),
      global_i64: (g, v) => r.global(g, value(I64, v)),
      global_f32: (g, bits) => r.global(g, value(F32, bits)),
      global_f64: (g, bits) => r.global(g, value(F64, bits)),
      global_v128: (g, lo, hi) => r.global(g, value(V128, lo, hi)),
      import_threw: () => r.replayThrew(),
    };
  }

  /** The module's imports after the instrumentation's (reprise's atomics pass): they shift every defined function. */
  countAddedImports(module) {
    this.addedImports = WebAssembly.Module.imports(module)
      .filter((i) => i.kind === 'function' && i.module === SCHEDULER_MODULE).length;
    this.wrapperOf = new Map((this.origin.importWrappers ?? []).map((f, i) => [f + this.addedImports, i]));
  }

  /** The instance is there: its exports give the memories and tables the module exports. */
  attach(instance) {
    this.exports = instance.exports;
    // a re-recorded replay renumbers functions, and its stand-ins for the host's are its own (standIns)
    const functionTable = this.rerecord ? undefined : this.exports[FUNCTIONS_EXPORT];
    this.hostFunctions = new HostFunctions(this, functionTable, this.origin.functions, this.origin.types);
    this.exposeTableFunctions();
  }

  fail(message) {
    fail(message);
  }


  typeCode(name) {
    return typeCode(name);
  }

  /**
   * The final state of a run that ended normally, as HookRecorder.writeFinalState writes it on the
   * JVM: in shadow mode, each memory compared with its shadow (exported by the instrumentation,
   * SHADOW_MEMORY_PREFIX) gives the bytes the host wrote that the module never read, as host reads
   * after the last call (and the growth the shadow never saw), so that a replay can end in the same
   * state; then the SHA-256 of every memory, the final state a replay must reach. Nothing when no
   * export was called, in full mode, or when a memory or its shadow cannot be reached from here
   * (neither imported nor exported; a module instrumented without its shadows exported).
   */
  writeFinalState() {
    this.thrownAt = -1; // an exception that ended the run leaves no unwind event
    if (this.rerecord) {
      this.writeReplayFinalState();
      return;
    }
    if (!this.exportCalled || this.origin.reads !== 'shadow') return;
    const pairs = [];
    for (let m = 0; this.exports[SHADOW_MEMORY_PREFIX + m] instanceof WebAssembly.Memory; m++) {
      const imported = this.origin.imports.some((i) => i.kind === 'memory' && i.index === m);
      const exported = this.origin.exports.some((e) => e.kind === 'memory' && e.index === m);
      if (!imported && !exported) return;
      const memory = this.memory(m);
      pairs.push({ m, memory: new Uint8Array(memory.buffer), shadow: new Uint8Array(this.exports[SHADOW_MEMORY_PREFIX + m].buffer) });
    }
    if (pairs.length === 0) return;
    this.writeMemoryDigests(pairs);
  }

  /**
   * The final state of a re-recorded replay, as the JVM's HookRecorder writes every recording's:
   * in shadow mode the host's never-read writes, then each memory's digest, in full mode too (a
   * trace recorded by reprise's runtime has them; one recorded here in full mode has none, and
   * verify does not hold extra digests against it).
   */
  writeReplayFinalState() {
    if (!this.exportCalled) return;
    const pairs = this.rerecord.memories.map((e, m) => {
      const shadow = this.exports[SHADOW_MEMORY_PREFIX + m];
      return {
        m, memory: new Uint8Array(this.memory(m).buffer),
        shadow: shadow instanceof WebAssembly.Memory ? new Uint8Array(shadow.buffer) : null,
      };
    });
    this.writeMemoryDigests(pairs);
  }

  /** Each memory's never-read host writes (where its shadow is given), then its SHA-256. */
  writeMemoryDigests(pairs) {
    for (const p of pairs) if (p.shadow) this.unreadHostWrites(p.m, p.memory, p.shadow);
    for (const p of pairs) {
      const out = this.trace.begin(MEMORY_DIGEST);
      out.u32(p.m);
      out.u64(p.memory.length / 65536);
      out.bytes(createHash('sha256').update(p.memory).digest());
      this.trace.end();
    }
  }

  /** The bytes of memory `m` that differ from its shadow (0 past the shadow's end), as host reads of runs of at most MAX_FINAL_READ bytes. */
  unreadHostWrites(m, memory, shadow) {
    if (shadow.length < memory.length) this.sized(MEMORY_GROW, m, memory.length / 65536);
    const chunk = 1 << 16;
    let runStart = -1;
    const flush = (end) => {
      this.read(m, runStart, memory.slice(runStart, end));
      runStart = -1;
    };
    for (let at = 0; at < memory.length; at += chunk) {
      const end = Math.min(at + chunk, memory.length);
      if (runStart < 0 && end <= shadow.length
          && Buffer.from(memory.buffer, memory.byteOffset + at, end - at)
            .equals(Buffer.from(shadow.buffer, shadow.byteOffset + at, end - at))) {
        continue;
      }
      for (let i = at; i < end; i++) {
        if (memory[i] !== (i < shadow.length ? shadow[i] : 0)) {
          if (runStart < 0) runStart = i;
          if (i + 1 - runStart === MAX_FINAL_READ) flush(i + 1);
        } else if (runStart >= 0) {
          flush(i);
        }
      }
    }
    if (runStart >= 0) flush(memory.length);
  }

  /**
   * Functions the glue takes from a table and calls (Emscripten's embind and dynCall,
   * wasm-bindgen's closures) would run unreported: `table.get` of a host-visible table hands out
   * the export wrapper the instrumentation added for the function (`reprise_rec.table_function.N`),
   * so the call is recorded as an export call of function N. Other entries are returned as they are.
   */
  exposeTableFunctions() {
    const wrappers = new Map();
    for (const e of this.origin.exports) {
      if (e.kind === 'func' && e.name.startsWith(TABLE_FUNCTION_PREFIX)) wrappers.set(e.index, this.exports[e.name]);
    }
    if (wrappers.size === 0 && !this.hostFunctions.enabled) return;
    const recorder = this;
    const seen = new Set();
    for (const entity of [...this.origin.imports, ...this.origin.exports]) {
      if (entity.kind !== 'table' || seen.has(entity.index)) continue;
      seen.add(entity.index);
      const object = this.entity('table', entity.index);
      if (!(object instanceof WebAssembly.Table)) continue;
      Object.defineProperty(object, 'get', {
        configurable: true,
        writable: true,
        value: function get(index) {
          const f = RAW_TABLE_GET.call(this, index);
          if (typeof f === 'function' && !recorder.hostFunctions.isOwn(f)) return recorder.hostFunctions.hostView(f);
          if (typeof f === 'function' && /^\d+$/.test(f.name)) {
            const wrapper = wrappers.get(recorder.originalFunction(Number(f.name)));
            if (wrapper) return wrapper;
          }
          return f;
        },
      });
    }
  }

  enter(isExport, index) {
    if (isExport && this.realm) this.realm.enter();
    if (this.thrownAt >= 0) this.caught(isExport);
    const f = isExport ? this.exportFns[index] : this.importFns[index];
    if (!f) fail(`${isExport ? 'export' : 'import'}_enter(${index}): no such ${isExport ? 'function export' : 'function import'}`);
    if (isExport) this.exportCalled = true;
    const frame = { f, isExport, hook: index, values: [], args: [], called: false };
    this.frames.push(frame);
    this.maybeCall(frame);
  }

  value(v) {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) fail('recording hook value_* outside any call');
    frame.values.push(v);
    this.maybeCall(frame);
  }

  /** Only null-ness is reported: the type comes from the signature, a non-null reference is index 0. */
  reference(isNull) {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) fail('recording hook value_ref outside any call');
    const types = frame.called ? frame.f.results : frame.f.params;
    const t = types[frame.values.length] === EXTERNREF ? EXTERNREF : FUNCREF;
    return value(t, isNull ? -1 : 0);
  }

  maybeCall(frame) {
    if (frame.called || frame.values.length < frame.f.params.length) return;
    frame.called = true;
    const args = frame.values;
    frame.args = args;
    frame.values = [];
    const { f } = frame;
    const t = this.trace;
    if (frame.isExport) {
      const out = t.begin(EXPORT_CALL);
      out.u32(f.index);
      t.string(f.name);
      writeValues(out, args);
      t.end();
    } else {
      const out = t.begin(IMPORT_CALL);
      out.u32(f.index);
      t.string(f.module);
      t.string(f.name);
      writeValues(out, args);
      t.end();
      if (f.observer) f.observer(this, args);
    }
  }

  /**
   * Export or import `index` returned. Frames above its own are calls an exception unwound (an
   * import that threw, as Emscripten's _emscripten_throw_longjmp, caught by a JavaScript caller
   * such as invoke_vii, which then returned normally): they end here without a return event, and
   * the results reported since (value_* hooks go to the top frame) are this call's.
   */
  exit(isExport, index) {
    if (this.thrownAt >= 0) this.caught(!isExport);
    const top = this.frames.pop();
    if (!top) fail('recording hook *_exit outside any call');
    let frame = top;
    while (frame.isExport !== isExport || frame.hook !== index) {
      frame = this.frames.pop();
      if (!frame) fail(`${isExport ? 'export' : 'import'}_exit(${index}) without its *_enter`);
    }
    const results = top === frame || top.called ? top.values : [];
    const t = this.trace;
    const out = t.begin(frame.isExport ? EXPORT_RETURN : IMPORT_RETURN);
    out.u32(frame.f.index);
    writeValues(out, results);
    t.end();
    if (frame.f.threadSpawn && results.length > 0 && frame.args.length > 0) {
      const o = t.begin(THREAD_SPAWN);
      o.u32(Number(results[0].lo));
      o.s64(Number(frame.args[0].lo));
      t.end();
    }
    if (this.realm && isExport && !this.frames.some((f) => f.isExport)) this.realm.release();
  }

  read(memory, address, bytes) {
    if (this.thrownAt >= 0) this.caught(false);
    const out = this.trace.begin(HOST_READ);
    out.u32(memory);
    out.u64(address);
    out.u32(bytes.length);
    out.bytes(bytes);
    this.trace.end();
  }

  readRange(memory, address, length) {
    const buffer = this.memory(memory).buffer;
    let at = Number(address);
    const end = at + Number(length);
    do {
      const n = Math.min(end - at, MAX_READ);
      this.read(memory, at, new Uint8Array(buffer, at, n).slice());
      at += n;
    } while (at < end);
  }

  sized(tag, index, size) {
    if (this.thrownAt >= 0) this.caught(false);
    const out = this.trace.begin(tag);
    out.u32(index);
    out.u64(size);
    this.trace.end();
  }

  /**
   * The instrumented module's index of running function `i`: the imports reprise's atomics pass
   * added after the instrumentation's hooks (threads) moved every defined function up.
   */
  instrumentedIndex(i) {
    return i < this.importedFunctions + (this.origin.hooks ?? 0) ? i : i - this.addedImports;
  }

  /** The original module's index of instrumented function {@code i}: wrappers stand for their import, defined functions move down by the hooks added. */
  originalFunction(i) {
    if (this.rerecord) return this.rerecord.functions.get(i) ?? i;
    const wrapped = this.wrapperOf.get(i);
    if (wrapped !== undefined) return wrapped;
    return i < this.importedFunctions ? i : this.instrumentedIndex(i) - (this.origin.hooks ?? 0);
  }

  /** The module saw table `table` at `size` elements (table.size). */
  tableSize(table, size) {
    this.sized(TABLE_GROW, table, size);
    this.table(table).reported = Number(size);
  }

  /**
   * Entry `index` of table `table`, read by table.get or about to be called by a call_indirect of
   * original type `typeIndex`. A function of the host's is declared and gets its recording
   * wrapper (HostFunctions); when the table grew since the module last saw its size, the growth
   * is reported first (the host grew it to make room: the replay needs the slot; growth the module
   * made itself is its own to replay, so only a host function's entry says so).
   */
  tableEntry(table, index, typeIndex) {
    if (this.thrownAt >= 0) this.caught(false);
    const t = this.table(table);
    const e = RAW_TABLE_GET.call(t.object, Number(index)); // the entry itself, not a wrapper handed to the host
    let v;
    const standIn = this.rerecord && typeof e === 'function' ? this.standIns.get(Number(e.name)) : undefined;
    if (e === null || e === undefined) {
      v = value(t.element, -1);
    } else if (standIn && t.element === FUNCREF) {
      v = value(FUNCREF, this.standInEntry(table, t, standIn));
    } else if (t.element === FUNCREF && typeof e === 'function' && this.wasmFunction(e) >= 0) {
      v = value(FUNCREF, this.wasmFunction(e));
    } else if (t.element === FUNCREF && typeof e === 'function' && this.hostFunctions.enabled) {
      if (t.object.length > t.reported) this.tableSize(table, t.object.length);
      v = value(FUNCREF, this.hostFunctions.entry(e, typeIndex, t.object, Number(index)));
    } else {
      v = value(t.element, this.externId(e));
    }
    const out = this.trace.begin(TABLE_SET);
    out.u32(table);
    out.u64(index);
    writeValue(out, v);
    this.trace.end();
  }

  /** A replay's stand-in for a host function, met in `table`: declared on first sight, as HostFunctions declares the host's own. */
  standInEntry(table, t, standIn) {
    if (t.object.length > t.reported) this.tableSize(table, t.object.length);
    if (!standIn.declared) {
      standIn.declared = true;
      writeHostFunction(this.trace, standIn.f.index, standIn.f.params, standIn.f.results);
    }
    return standIn.f.index;
  }

  /** The original index of a wasm function (named by its function index in the instrumented module), else -1. */
  wasmFunction(f) {
    let index = this.functionIndex.get(f);
    if (index === undefined) {
      index = /^\d+$/.test(f.name) && this.hostFunctions.isOwn(f) ? this.originalFunction(Number(f.name)) : -1;
      this.functionIndex.set(f, index);
    }
    return index;
  }

  /** Host objects in tables, numbered in order of first sight. */
  externId(object) {
    let id = this.externIds.get(object);
    if (id === undefined) {
      id = this.externIds.size;
      this.externIds.set(object, id);
    }
    return id;
  }

  global(index, v) {
    if (this.thrownAt >= 0) this.caught(false);
    const out = this.trace.begin(GLOBAL_CHANGE);
    out.u32(index);
    writeValue(out, v);
    this.trace.end();
  }

  /** SHA-256 of the bytes an fd_write(fd, iovs, iovs_len, nwritten) to stdout/stderr hands over. */
  digestOutput(args) {
    const fd = args[0].lo;
    if (fd !== 1 && fd !== 2) return;
    const view = new DataView(this.memory(0).buffer);
    const iovs = args[1].lo >>> 0;
    const count = args[2].lo >>> 0;
    const sha = createHash('sha256');
    let total = 0;
    try {
      for (let k = 0; k < count; k++) {
        const ptr = view.getUint32(iovs + 8 * k, true);
        const len = view.getUint32(iovs + 8 * k + 4, true);
        sha.update(new Uint8Array(view.buffer, ptr, len));
        total += len;
      }
    } catch (e) {
      return; // an iovec out of bounds: the call itself fails with EFAULT or traps; nothing was output
    }
    const out = this.trace.begin(OUTPUT_DIGEST);
    out.u32(fd);
    out.u64(total);
    out.bytes(sha.digest());
    this.trace.end();
  }

  /** Memory `index` of the original module: imported from the import object or exported. */
  memory(index) {
    let m = this.memories.get(index);
    if (m === undefined) {
      m = this.entity('memory', index);
      if (!(m instanceof WebAssembly.Memory)) fail(`memory ${index} is not a WebAssembly.Memory`);
      this.memories.set(index, m);
    }
    return m;
  }

  table(index) {
    let t = this.tables.get(index);
    if (t === undefined) {
      const object = this.entity('table', index);
      if (!(object instanceof WebAssembly.Table)) fail(`table ${index} is not a WebAssembly.Table`);
      const imported = this.origin.imports.find((i) => i.kind === 'table' && i.index === index);
      const exported = this.origin.exports.find((e) => e.kind === 'table' && e.index === index);
      const entity = imported ?? exported ?? this.rerecord?.tables[index];
      // the size the module last saw: its declared minimum until table.size or a grown table says otherwise
      t = { object, element: TYPE_CODES[entity.element] ?? FUNCREF, reported: entity.min ?? object.length };
      this.tables.set(index, t);
    }
    return t;
  }

  entity(kind, index) {
    if (this.rerecord) {
      const e = (kind === 'memory' ? this.rerecord.memories : this.rerecord.tables)[index];
      if (!e) fail(`the replay names no export of ${kind} ${index} in its ${RERECORD_SECTION} section`);
      return this.exports?.[e.export];
    }
    const imported = this.origin.imports.find((i) => i.kind === kind && i.index === index);
    if (imported) return this.importObject?.[imported.module]?.[imported.name];
    const exported = this.origin.exports.find((e) => e.kind === kind && e.index === index);
    if (!exported) fail(`${kind} ${index} is neither imported nor exported: the JavaScript recorder cannot read it`);
    if (!this.exports) fail(`${kind} ${index} is read before instantiation finished (a start function): not supported`);
    return this.exports[exported.name];
  }
}

function typeCode(name) {
  const c = TYPE_CODES[name];
  if (c === undefined) fail(`unknown value type '${name}' in the ${ORIGIN_SECTION} section`);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Session: one recording per process, started by the first instrumented instantiation

function originOf(module) {
  const sections = WebAssembly.Module.customSections(module, ORIGIN_SECTION);
  if (sections.length === 0) {
    fail(`the module imports ${HOOK_MODULE} but has no ${ORIGIN_SECTION} section: instrument it with this reprise version`);
  }
  let origin;
  try {
    origin = JSON.parse(new TextDecoder().decode(sections[0]));
  } catch (e) {
    fail(`the ${ORIGIN_SECTION} section is not JSON: ${e.message}`);
  }
  if (origin.version !== ORIGIN_VERSION) {
    fail(`${ORIGIN_SECTION} section version ${origin.version}; this runtime reads version ${ORIGIN_VERSION}`);
  }
  return origin;
}

/**
 * A worker thread instantiating an instrumented module without a shared memory (one with a shared
 * memory is recorded one thread at a time: REPRISE_THREADS, reprise-threads.mjs) cannot be recorded. Throwing is not enough: the glue reports a
 * worker's error to the main thread through its event loop, where nothing may take it (a main
 * thread blocked in the module's memory.atomic.wait32 for that thread, or a start-up promise that
 * never settles while the live workers keep node running), so node would hang until killed. The
 * reason goes to stderr at once and the whole process is killed (SIGKILL: a signal handler of
 * the blocked main thread would never run); the trace is left without its trailer, incomplete.
 */
function refuseWorkerThread() {
  const message = 'reprise recorder: an instrumented module instantiated in a worker thread, but it has no shared'
    + ' memory: only a module with one is recorded from several threads (the process is killed: its main thread'
    + ' may be waiting for this thread)';
  try {
    writeSync(2, `${message}\n`);
  } finally {
    process.kill(process.pid, 'SIGKILL');
  }
  throw new Error(message); // not reached
}

function startSession(module, importObject) {
  if (THREADS) return startRealm(module, importObject);
  if (!isMainThread) refuseWorkerThread();
  if (session) fail('a second instrumented module (or a second instance): one recording per process');
  const path = process.env.REPRISE_TRACE;
  if (!path) fail('an instrumented module is instantiated but REPRISE_TRACE (the trace file) is not set');
  const flushBytes = Number(process.env.REPRISE_FLUSH_BYTES ?? 65536);
  if (!(flushBytes >= 1)) fail(`REPRISE_FLUSH_BYTES=${process.env.REPRISE_FLUSH_BYTES}: expected a positive number`);
  const origin = originOf(module);
  const trace = new TraceFile(path, traceHeader(origin, process.argv), flushBytes);
  const recorder = new Recorder(origin, trace, importObject, rerecordOf(module));
  session = { trace, recorder, failure: null };
  process.on('exit', () => {
    if (session.failure) {
      process.stderr.write(`${session.failure.message}: the trace is left incomplete\n`);
      trace.closeIncomplete();
    } else if (interrupted) {
      trace.closeIncomplete();
    } else {
      for (const write of END_OF_RUN_WRITERS) write(recorder);
      trace.close();
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      interrupted = true;
      trace.closeIncomplete();
      process.kill(process.pid, signal);
    });
  }
  return recorder;
}

/** The trace's header; `argv` is the main thread's (node, the host script, its arguments). */
function traceHeader(origin, argv) {
  const node = `node ${process.version}`;
  const options = { engine: node, reads: origin.reads, host: basename(argv[1] ?? '') };
  // the tables the module's code writes (TableWrites): the reducer needs not replay unchanged re-reads of the others
  if (Array.isArray(origin.tablesWritten)) options['tables-written'] = origin.tablesWritten.join(',');
  if (THREADS) options.threads = 'realms';
  return {
    sha256: hexBytes(origin.sha256), recorder: 'js', features: origin.features,
    args: argv.slice(3), env: {}, seed: 0, options, metadata: { recorder: node },
  };
}

// ---------------------------------------------------------------------------------------------
// Realms: a recording of threads (REPRISE_THREADS=1), one instance of the module per realm

/**
 * This realm's part of a recording of threads: its thread id and its baton. The realm takes the
 * baton when the module is entered from JavaScript (instantiation; an export call, also of a
 * function taken from a table, whose wrapper reports export_enter) and gives it back when the last
 * open export call returns. An exception that leaves the module for JavaScript ends no call the
 * recorder sees: a microtask queued at each entry gives the baton back if the realm still holds it
 * then (a microtask runs only once JavaScript's stack is empty, so no module code is running),
 * after ending the calls the exception went through. The functions are not wrapped in JavaScript:
 * glue such as Emscripten's puts exports into tables and needs them to be the module's own.
 */
class Realm {
  constructor(baton, recorder) {
    this.baton = baton;
    this.release = () => {
      if (!this.baton.holding) return;
      recorder.unwoundAll();
      this.baton.release();
    };
  }

  /** The module is entered from JavaScript: takes the baton unless this realm holds it already. */
  enter() {
    if (this.baton.holding) return;
    this.baton.acquire();
    queueMicrotask(this.release);
  }

  /** reprise.atomic.wait32/wait64/notify (AtomicsToSchedulerPass) on the baton. */
  schedulerImports(recorder) {
    const baton = this.baton;
    const at = (addr, offset, memory, width) => {
      const m = recorder.memory(memory);
      const address = (addr >>> 0) + Number(BigInt.asUintN(64, offset));
      if (address % width !== 0) throw new WebAssembly.RuntimeError('unaligned atomic');
      if (address + width > m.buffer.byteLength) throw new WebAssembly.RuntimeError('out of bounds memory access');
      return { m, address };
    };
    const wait = (memory, { m, address }, width, expected, timeout) => {
      if (!(m.buffer instanceof SharedArrayBuffer)) throw new WebAssembly.RuntimeError('expected shared memory');
      const still = width === 4
        ? () => Atomics.load(new Int32Array(m.buffer), address / 4) === (expected | 0)
        : () => Atomics.load(new BigInt64Array(m.buffer), address / 8) === BigInt.asIntN(64, expected);
      return baton.wait(memory, address, still, BigInt.asIntN(64, timeout) < 0n ? -1n : BigInt.asIntN(64, timeout));
    };
    return {
      'atomic.wait32': (addr, expected, timeout, offset, memory) => wait(memory, at(addr, offset, memory, 4), 4, expected, timeout),
      'atomic.wait64': (addr, expected, timeout, offset, memory) => wait(memory, at(addr, offset, memory, 8), 8, expected, timeout),
      'atomic.notify': (addr, count, offset, memory) => {
        const { m, address } = at(addr, offset, memory, 4);
        const n = baton.notify(memory, address, count);
        // JavaScript waiting on the address (Atomics.waitAsync: Emscripten's mailboxes) is woken for real
        if (m.buffer instanceof SharedArrayBuffer) Atomics.notify(new Int32Array(m.buffer), address / 4, count >>> 0);
        return n;
      },
    };
  }
}

/** The strings every realm writes alike (the module's import and export names), numbered the same in each. */
function stringSlots(origin) {
  const names = new Set([HOST_MODULE]);
  for (const i of origin.imports) {
    names.add(i.module);
    names.add(i.name);
  }
  for (const e of origin.exports) names.add(e.name);
  return new Map([...names].sort().map((n, k) => [n, k]));
}

/**
 * This realm's recorder of a recording of threads. The first realm to instantiate the module
 * creates the trace; the main thread's realm writes the final state and the trailer at exit.
 */
function startRealm(module, importObject) {
  if (session) fail('a second instrumented instance in one thread: one per thread');
  const main = getEnvironmentData(MAIN_KEY);
  if (!main) fail('a worker thread of a recording of threads started without the recording\'s data');
  if (!main.trace) fail('an instrumented module is instantiated but REPRISE_TRACE (the trace file) is not set');
  const flushBytes = Number(process.env.REPRISE_FLUSH_BYTES ?? 65536);
  const origin = originOf(module);
  const slots = stringSlots(origin);
  let trace = null;
  const baton = new Baton(
    (tid, kind, options, choice) => {
      const out = trace.beginFor(tid, SCHEDULER_DECISION);
      out.u8(kind);
      out.u32(options);
      out.u32(choice);
      trace.end();
    },
    () => trace.flush(),
  );
  const tid = baton.register(
    (t) => { trace = new SharedTraceFile(main.trace, baton, t, t === 0 ? traceHeader(origin, main.argv) : null, flushBytes, slots); },
  );
  const recorder = new Recorder(origin, trace, importObject, rerecordOf(module));
  recorder.realm = new Realm(baton, recorder);
  session = { trace, recorder, failure: null, baton };
  if (isMainThread) {
    process.on('exit', () => endRealms(session));
  } else {
    process.on('exit', () => { if (baton.quiesce(0)) { trace.flush(); baton.unlock(); } });
  }
  return recorder;
}

/** The main thread ends a recording of threads: once no thread runs the module, the final state and the trailer. */
function endRealms(s) {
  if (!s.baton.quiesce(2000)) {
    process.stderr.write('reprise recorder: a worker thread still ran the module when the process exited: the trace is left incomplete\n');
    s.trace.closeIncomplete();
    return;
  }
  try {
    if (s.failure) {
      process.stderr.write(`${s.failure.message}: the trace is left incomplete\n`);
      s.trace.closeIncomplete();
    } else if (interrupted) {
      s.trace.closeIncomplete();
    } else {
      for (const write of END_OF_RUN_WRITERS) write(s.recorder);
      s.trace.close();
    }
  } finally {
    s.baton.unlock();
  }
}

/** The re-recording description of a replay (RERECORD_SECTION), or null for a module recorded as it is. */
function rerecordOf(module) {
  const sections = WebAssembly.Module.customSections(module, RERECORD_SECTION);
  if (sections.length === 0) return null;
  let r;
  try {
    r = JSON.parse(new TextDecoder().decode(sections[0]));
  } catch (e) {
    fail(`the ${RERECORD_SECTION} section is not JSON: ${e.message}`);
  }
  return { ...r, functions: new Map(r.functions) };
}

function isInstrumented(module) {
  return WebAssembly.Module.imports(module).some((i) => i.module === HOOK_MODULE);
}

/** The import object to instantiate `module` with, and the recorder to attach, if it is instrumented. */
function prepare(module, importObject) {
  if (!isInstrumented(module)) return null;
  const recorder = startSession(module, importObject);
  recorder.countAddedImports(module);
  const imports = { ...recorder.observingThrows(module, importObject), [HOOK_MODULE]: recorder.hooks() };
  if (recorder.realm) imports[SCHEDULER_MODULE] = recorder.realm.schedulerImports(recorder);
  return { imports, recorder };
}

// ---------------------------------------------------------------------------------------------
// The WebAssembly API, wrapped

const original = {
  instantiate: WebAssembly.instantiate,
  instantiateStreaming: WebAssembly.instantiateStreaming,
  compile: WebAssembly.compile,
  Module: WebAssembly.Module,
  Instance: WebAssembly.Instance,
};

/** Explains a compile error of a shadow-mode module on an engine without multi-memory. */
function explain(e, bytes) {
  if (e instanceof WebAssembly.CompileError && /memory/i.test(e.message) && mentionsHooks(bytes)) {
    e.message += ' (reprise: a module instrumented in shadow mode needs multi-memory, which this engine'
      + ' lacks: instrument it with --full)';
  }
  return e;
}

function mentionsHooks(bytes) {
  try {
    const b = ArrayBuffer.isView(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : Buffer.from(bytes);
    return b.indexOf(HOOK_MODULE) >= 0;
  } catch (e) {
    return false;
  }
}

function compile(bytes) {
  return original.compile.call(WebAssembly, bytes).catch((e) => { throw explain(e, bytes); });
}

class ExplainingModule extends original.Module {
  constructor(bytes) {
    try {
      super(bytes);
    } catch (e) {
      throw explain(e, bytes);
    }
  }

  static [Symbol.hasInstance](x) {
    return x instanceof original.Module;
  }
}

WebAssembly.Module = ExplainingModule;

function instantiateModule(module, importObject) {
  // in a recording of threads the start function runs holding the baton: instantiate synchronously
  if (THREADS && isInstrumented(module)) return Promise.resolve().then(() => new WebAssembly.Instance(module, importObject));
  const p = prepare(module, importObject);
  if (!p) return original.instantiate.call(WebAssembly, module, importObject);
  return original.instantiate.call(WebAssembly, module, p.imports).then((instance) => {
    p.recorder.attach(instance);
    return instance;
  });
}

WebAssembly.instantiate = function instantiate(source, importObject) {
  if (source instanceof original.Module) return instantiateModule(source, importObject);
  return compile(source).then((module) => instantiateModule(module, importObject)
    .then((instance) => ({ module, instance })));
};

if (original.instantiateStreaming) {
  WebAssembly.instantiateStreaming = async function instantiateStreaming(source, importObject) {
    const response = await source;
    return WebAssembly.instantiate(await response.arrayBuffer(), importObject);
  };
}

class RecordingInstance extends original.Instance {
  constructor(module, importObject) {
    const p = prepare(module, importObject);
    const realm = p?.recorder.realm;
    if (realm) realm.enter();
    try {
      super(module, p ? p.imports : importObject);
    } finally {
      if (realm) realm.release();
    }
    if (p) p.recorder.attach(this);
  }

  static [Symbol.hasInstance](x) {
    return x instanceof original.Instance;
  }
}

WebAssembly.Instance = RecordingInstance;
