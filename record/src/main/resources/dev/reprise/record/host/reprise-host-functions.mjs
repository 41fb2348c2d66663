// reprise-host-functions.mjs: functions the host makes and sets into the module's tables, for
// reprise-recorder.mjs, which imports it (reprise ships both).
//
// Emscripten's addFunction (wasmoon, sql.js's create_function, ...) wraps a JavaScript function
// as a wasm function of a module of its own, grows the module's table and sets the function into
// it; the module then calls it with call_indirect. Such a call runs host code, so it is recorded
// as the call of an import the module does not have: the function gets the next index past the
// module's functions (a host_function event declares it with its signature, typed by the
// call_indirect that first reaches it), and the recorder puts a recording wrapper of the same
// type into the table slot, which reports the call as import_call / import_return of that index.
// The host still sees its own function: table.get hands it back instead of the wrapper.
//
//   before:  table[198] = <host function f>         call_indirect (type 3) 198 -> f runs unseen
//   after:   table[198] = <wrapper of f, type 3>     -> import_call(func 1234 "reprise.host"
//            "function.1234" args) ... f's exports calls ... import_return(func 1234 results)

/** The import module name of calls of host functions in the trace (HostFunctions.MODULE in Java). */
const HOST_MODULE = 'reprise.host';
const HOST_FUNCTION = 16; // EventKind.HOST_FUNCTION
const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c;
const RAW_TABLE_GET = WebAssembly.Table.prototype.get;
const RAW_TABLE_SET = WebAssembly.Table.prototype.set;
const RAW_MODULE = WebAssembly.Module;
const RAW_INSTANCE = WebAssembly.Instance;

const bits = new DataView(new ArrayBuffer(8));

/** A value the host handed over as JavaScript, as the trace's {type, lo, hi} (f32/f64 as their bits). */
function fromJs(type, x, reference) {
  switch (type) {
    case I32: return { type, lo: x | 0, hi: 0n };
    case I64: return { type, lo: BigInt.asIntN(64, BigInt(x)), hi: 0n };
    case F32: bits.setFloat32(0, x, true); return { type, lo: bits.getInt32(0, true), hi: 0n };
    case F64: bits.setFloat64(0, x, true); return { type, lo: bits.getBigInt64(0, true), hi: 0n };
    default: return reference(x === null);
  }
}

function uleb(out, n) {
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
}

function section(out, id, content) {
  out.push(id);
  uleb(out, content.length);
  out.push(...content);
}

/** A module importing h.f of type (params) -> (results) and exporting it as f: a JavaScript function made a wasm function of that type. */
function wrapperModuleBytes(params, results) {
  const type = [1, 0x60];
  uleb(type, params.length);
  type.push(...params);
  uleb(type, results.length);
  type.push(...results);
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  section(out, 1, type);
  section(out, 2, [1, 1, 0x68, 1, 0x66, 0x00, 0x00]);
  section(out, 7, [1, 1, 0x66, 0x00, 0x00]);
  return new Uint8Array(out);
}

/** Writes the host_function event that declares function `funcIndex` of type (params) -> (results), as type codes. */
function writeHostFunction(trace, funcIndex, params, results) {
  const out = trace.begin(HOST_FUNCTION);
  out.u32(funcIndex);
  out.u32(params.length);
  for (const p of params) out.u8(p);
  out.u32(results.length);
  for (const r of results) out.u8(r);
  trace.end();
}

/**
 * The host functions of one recording: tells the module's functions from others by the table of
 * all its functions the instrumentation exports, declares each other function met in a table,
 * and keeps its recording wrapper.
 */
class HostFunctions {
  /**
   * @param recorder the Recorder (enter / value / exit / threw / reference, trace, importFns, instrumentedIndex)
   * @param functionTable the instrumented module's table of all its functions, or undefined
   * @param firstIndex the index of the first host function: the original module's function count
   * @param types the original module's types by index ({params, results} type codes, or null)
   */
  constructor(recorder, functionTable, firstIndex, types) {
    this.recorder = recorder;
    this.functionTable = functionTable;
    this.next = firstIndex;
    this.types = types;
    this.byFunction = new Map(); // host function or its wrapper -> {funcIndex, original, wrapper}
    this.wrapperModules = new Map();
  }

  /** Whether the recorder can tell functions apart (the module was instrumented with its function table). */
  get enabled() {
    return this.functionTable !== undefined;
  }

  /** Whether wasm function `f` (named by its index in its own module) is one of the instrumented module's. */
  isOwn(f) {
    if (!this.enabled) return true;
    if (!/^\d+$/.test(f.name)) return false;
    const n = this.recorder.instrumentedIndex(Number(f.name));
    return n < this.functionTable.length && RAW_TABLE_GET.call(this.functionTable, n) === f;
  }

  /** The host's own function for what `table.get` read: the function a wrapper stands for, else `f`. */
  hostView(f) {
    const h = this.byFunction.get(f);
    return h !== undefined && h.wrapper === f ? h.original : f;
  }

  /**
   * Host function `f` found at `table[index]`, reached by a call_indirect of original type
   * `typeIndex` (undefined for table.get): its function index, declared on first sight; the
   * slot then holds its recording wrapper, so that the module's calls are recorded.
   */
  entry(f, typeIndex, table, index) {
    let h = this.byFunction.get(f);
    if (h === undefined) {
      if (typeIndex === undefined) {
        this.recorder.fail(`table entry ${index} is a function of the host's that the module reads with table.get`
          + ' before any call_indirect reaches it: its type is unknown, recording it is not supported');
      }
      const type = this.types?.[typeIndex];
      if (!type) this.recorder.fail(`call_indirect of type ${typeIndex}, which is no function type of the module`);
      h = this.declare(f, type.params.map((t) => this.recorder.typeCode(t)), type.results.map((t) => this.recorder.typeCode(t)));
    }
    if (RAW_TABLE_GET.call(table, index) !== h.wrapper) RAW_TABLE_SET.call(table, index, h.wrapper);
    return h.funcIndex;
  }

  declare(original, params, results) {
    const rec = this.recorder;
    const funcIndex = this.next++;
    const name = `function.${funcIndex}`;
    writeHostFunction(rec.trace, funcIndex, params, results);
    const hook = rec.importFns.length;
    rec.importFns.push({ index: funcIndex, module: HOST_MODULE, name, params, results, observer: undefined, threadSpawn: false });
    const reference = (isNull) => rec.reference(isNull);
    const recorded = function recorded(...args) {
      rec.enter(false, hook);
      for (let p = 0; p < params.length; p++) rec.value(fromJs(params[p], args[p], reference));
      let r;
      try {
        r = original.apply(this, args);
      } catch (e) {
        rec.threw(HOST_MODULE, name);
        throw e;
      }
      const values = results.length === 1 ? [r] : results.length === 0 ? [] : [...r];
      for (let k = 0; k < results.length; k++) rec.value(fromJs(results[k], values[k], reference));
      rec.exit(false, hook);
      return r;
    };
    const key = `${params.join(',')}:${results.join(',')}`;
    let module = this.wrapperModules.get(key);
    if (module === undefined) {
      module = new RAW_MODULE(wrapperModuleBytes(params, results));
      this.wrapperModules.set(key, module);
    }
    const wrapper = new RAW_INSTANCE(module, { h: { f: recorded } }).exports.f;
    const h = { funcIndex, original, wrapper };
    this.byFunction.set(original, h);
    this.byFunction.set(wrapper, h);
    return h;
  }
}

export { HostFunctions, HOST_MODULE, writeHostFunction };
