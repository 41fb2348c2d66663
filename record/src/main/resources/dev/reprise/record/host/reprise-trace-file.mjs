// reprise-trace-file.mjs: the binary reprise trace as reprise-recorder.mjs writes it (the format
// of TraceWriter / TraceReader: header, events, trailer with event count and CRC32C), and the
// value encoding its events use. reprise ships it beside reprise-recorder.mjs, which imports it.
import { closeSync, openSync, writeSync } from 'node:fs';

const FORMAT_VERSION = 1;
const MAGIC = [0, 0x72, 0x70, 0x74, 0x72, 0x61, 0x63, 0x65]; // "\0rptrace"
const END_MARKER = [0x52, 0x50, 0x54, 0x24]; // "RPT$"
const TRAILER_TAG = 0x7f;
// value type codes (ValType)
const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b;
// ---------------------------------------------------------------------------------------------
// CRC32C (Castagnoli), as java.util.zip.CRC32C

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32c(crc, bytes, from, to) {
  let c = ~crc;
  for (let i = from; i < to; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c;
}

// ---------------------------------------------------------------------------------------------
// ByteSink: LEB128 and little-endian writers into a growable buffer (as the Java ByteSink)

class ByteSink {
  constructor(capacity) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
    this.size = 0;
  }

  room(n) {
    if (this.size + n > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.size + n));
      bigger.set(this.buf.subarray(0, this.size));
      this.buf = bigger;
      this.view = new DataView(bigger.buffer);
    }
  }

  u8(b) {
    this.room(1);
    this.buf[this.size++] = b;
  }

  /** Unsigned LEB128 of the low 32 bits of a number. */
  u32(v) {
    this.room(5);
    v >>>= 0;
    while (v >= 0x80) {
      this.buf[this.size++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.size++] = v;
  }

  /** Unsigned LEB128 of a non-negative safe integer or a BigInt (64 bits). */
  u64(v) {
    this.room(10);
    if (typeof v === 'bigint') {
      if (v >= 0n && v <= 0x1fffffffffffffn) {
        v = Number(v);
      } else {
        v = BigInt.asUintN(64, v);
        while (v >= 0x80n) {
          this.buf[this.size++] = Number(v & 0x7fn) | 0x80;
          v >>= 7n;
        }
        this.buf[this.size++] = Number(v);
        return;
      }
    }
    while (v >= 0x80) {
      const b = v % 0x80;
      this.buf[this.size++] = b | 0x80;
      v = (v - b) / 0x80;
    }
    this.buf[this.size++] = v;
  }

  /** Signed LEB128 of a safe integer or a BigInt (64 bits). */
  s64(v) {
    this.room(10);
    if (typeof v === 'bigint') {
      if (v >= -0x1fffffffffffffn && v <= 0x1fffffffffffffn) {
        v = Number(v);
      } else {
        v = BigInt.asIntN(64, v);
        for (;;) {
          const b = Number(v & 0x7fn);
          v >>= 7n;
          if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
            this.buf[this.size++] = b;
            return;
          }
          this.buf[this.size++] = b | 0x80;
        }
      }
    }
    for (;;) {
      const q = Math.floor(v / 0x80);
      const b = v - q * 0x80;
      v = q;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
        this.buf[this.size++] = b;
        return;
      }
      this.buf[this.size++] = b | 0x80;
    }
  }

  i32le(v) {
    this.room(4);
    this.view.setInt32(this.size, v, true);
    this.size += 4;
  }

  i64le(v) {
    this.room(8);
    this.view.setBigInt64(this.size, BigInt.asIntN(64, BigInt(v)), true);
    this.size += 8;
  }

  bytes(b) {
    this.room(b.length);
    this.buf.set(b, this.size);
    this.size += b.length;
  }

  string(s) {
    const b = new TextEncoder().encode(s);
    this.u32(b.length);
    this.bytes(b);
  }
}

// ---------------------------------------------------------------------------------------------
// Values: {type, lo, hi}; lo/hi are numbers (i32, f32 bits) or BigInts (i64, f64 bits, v128),
// a reference's lo is its index, -1 for null (as dev.reprise.record.trace.Value)

const value = (type, lo, hi = 0n) => ({ type, lo, hi });

function writeValue(out, v) {
  out.u8(v.type);
  switch (v.type) {
    case I32: case I64: out.s64(v.lo); break;
    case F32: out.i32le(v.lo); break;
    case F64: out.i64le(v.lo); break;
    case V128: out.i64le(v.lo); out.i64le(v.hi); break;
    default: out.u64(v.lo + 1);
  }
}

function writeValues(out, values) {
  out.u32(values.length);
  for (const v of values) writeValue(out, v);
}

function littleEndian(v, width) {
  const b = new Uint8Array(width);
  if (width <= 4) {
    for (let i = 0; i < width; i++) b[i] = (v >>> (8 * i)) & 0xff;
  } else {
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// TraceFile: the header at once, events into a buffer written out every flushBytes, trailer at
// the end (as TraceWriter)

class TraceFile {
  constructor(path, header, flushBytes) {
    this.fd = openSync(path, 'w');
    this.flushBytes = flushBytes;
    this.buf = new ByteSink(flushBytes + 1024);
    this.crc = 0;
    this.events = 0;
    this.bytesWritten = 0;
    this.strings = new Map();
    this.closed = false;
    writePreamble(this.buf, header);
    this.flush();
  }

  /** Starts an event: its tag (thread 0: no thread id). Returns the sink for its fields. */
  begin(tag) {
    this.buf.u8(tag);
    return this.buf;
  }

  /** Ends an event started by begin. */
  end() {
    this.events++;
    if (this.buf.size >= this.flushBytes) this.flush();
  }

  /** An interned string: its definition on first use, its id + 1 afterwards. */
  string(s) {
    const id = this.strings.get(s);
    if (id !== undefined) {
      this.buf.u32(id + 1);
      return;
    }
    this.strings.set(s, this.strings.size);
    this.buf.u8(0);
    this.buf.string(s);
  }

  flush() {
    const { buf } = this;
    if (buf.size === 0 || this.closed) return;
    this.crc = crc32c(this.crc, buf.buf, 0, buf.size);
    this.bytesWritten += buf.size;
    writeOut(this.fd, buf);
  }

  /** Writes the trailer and closes the file. */
  close() {
    if (this.closed) return;
    this.buf.u8(TRAILER_TAG);
    this.buf.u64(this.events);
    this.flush();
    this.buf.i32le(this.crc);
    this.buf.bytes(END_MARKER);
    this.crc = 0;
    this.flush();
    this.closed = true;
    closeSync(this.fd);
  }

  /** Writes what is buffered and closes the file without a trailer: readers see it incomplete. */
  closeIncomplete() {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    closeSync(this.fd);
  }
}

/**
 * The trace of a recording in several realms (reprise-threads.mjs): every realm appends its events
 * to the one file, each tagged with its thread id, and writes them out before it hands the baton
 * on; the event count, the CRC and the ids of interned strings are shared (kept by the baton).
 * The first realm (`header` given) creates the file and writes the header; `stringSlots` maps the
 * strings every realm knows alike (the module's import and export names) to shared slots, and any
 * other string is defined anew at each use.
 */
class SharedTraceFile {
  constructor(path, baton, tid, header, flushBytes, stringSlots) {
    this.baton = baton;
    this.tid = tid;
    this.flushBytes = flushBytes;
    this.stringSlots = stringSlots;
    this.buf = new ByteSink(flushBytes + 1024);
    this.pending = 0;
    this.closed = false;
    // every realm appends (O_APPEND: a realm's writes land after the others' whatever its own offset)
    if (header) closeSync(openSync(path, 'w'));
    this.fd = openSync(path, 'a');
    if (header) {
      writePreamble(this.buf, header);
      this.flush();
    }
  }

  begin(tag) {
    return this.beginFor(this.tid, tag);
  }

  /** An event of thread `tid` (a grant of the baton is written by the realm that hands it over). */
  beginFor(tid, tag) {
    if (tid === 0) {
      this.buf.u8(tag);
    } else {
      this.buf.u8(tag | 0x80);
      this.buf.u32(tid);
    }
    return this.buf;
  }

  end() {
    this.pending++;
    if (this.buf.size >= this.flushBytes) this.flush();
  }

  string(s) {
    const k = this.stringSlots.get(s) ?? -1;
    const id = k >= 0 ? this.baton.stringId(k) : -1;
    if (id >= 0) {
      this.buf.u32(id + 1);
      return;
    }
    this.baton.newStringId(k);
    this.buf.u8(0);
    this.buf.string(s);
  }

  /** Writes the buffered events (the caller holds the baton or the state's lock). */
  flush() {
    const { buf } = this;
    if (this.closed) return;
    this.baton.addEvents(this.pending);
    this.pending = 0;
    if (buf.size === 0) return;
    this.baton.crc = crc32c(this.baton.crc, buf.buf, 0, buf.size);
    writeOut(this.fd, buf);
  }

  /** The trailer (every realm's events counted), then closes the file (the caller holds the lock). */
  close() {
    if (this.closed) return;
    this.flush();
    this.buf.u8(TRAILER_TAG);
    this.buf.u64(this.baton.events());
    this.flush();
    this.buf.i32le(this.baton.crc);
    this.buf.bytes(END_MARKER);
    this.flush();
    this.closed = true;
    closeSync(this.fd);
  }

  closeIncomplete() {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    closeSync(this.fd);
  }
}

/** The start of every trace file: magic, format version, the header's length and the header. */
function writePreamble(out, header) {
  const h = new ByteSink(256);
  writeHeader(h, header);
  out.bytes(MAGIC);
  out.u32(FORMAT_VERSION);
  out.u32(h.size);
  out.bytes(h.buf.subarray(0, h.size));
}

/** Writes all of `buf` to file `fd` and empties it. */
function writeOut(fd, buf) {
  let off = 0;
  while (off < buf.size) off += writeSync(fd, buf.buf, off, buf.size - off);
  buf.size = 0;
}

function writeHeader(out, h) {
  out.u8(h.sha256.length);
  out.bytes(h.sha256);
  out.string(h.recorder);
  const strings = (list) => { out.u32(list.length); for (const s of list) out.string(s); };
  const map = (m) => { const e = Object.entries(m); out.u32(e.length); for (const [k, v] of e) { out.string(k); out.string(v); } };
  strings(h.features);
  strings(h.args);
  map(h.env);
  out.i64le(h.seed);
  map(h.options);
  map(h.metadata);
}

export { crc32c, ByteSink, TraceFile, SharedTraceFile, value, writeValue, writeValues, littleEndian };
