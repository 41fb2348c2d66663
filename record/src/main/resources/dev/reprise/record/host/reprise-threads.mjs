// reprise-threads.mjs: the baton of a recording whose module runs in several JavaScript realms
// (Emscripten's pthreads: the main thread and worker threads each instantiate the module on one
// shared memory). reprise-recorder.mjs imports it when REPRISE_THREADS=1.
//
// Only the realm holding the baton runs the module's code: a realm takes it before it enters the
// module (instantiation, a call from JavaScript) and gives it back when it leaves (back in its
// event loop) or blocks (the module's memory.atomic.wait, rewritten by reprise's atomics pass into
// a call of reprise.atomic.wait32/64 that lands here). Which realm runs next is whichever asked
// first. Waits time out in real time; notify wakes waiters in the order they began to wait, as
// reprise's scheduler does. What a replay under reprise's scheduler needs to hand the baton over
// at the same points is written to the trace as scheduler decisions (DecisionKind):
//   resume     the event's thread takes the baton; choice: its wait's result (0 arrived or
//              notified, 2 timed out)
//   timed_out  the event's thread, waiting, timed out (noticed at the holder's next scheduler call,
//              or at once when no thread held the baton)
//   notified   the event's thread notified; choice: how many waiters woke
// so that every notify wakes the same waiters in a replay as it did here.
//
// The state lives in a SharedArrayBuffer that the main realm creates when this module loads and
// every worker thread created afterwards inherits (worker_threads environment data). It also holds
// the trace's running event count, CRC and string ids: every realm appends its events to the one
// trace file, flushing them before it hands the baton on.
import { isMainThread, getEnvironmentData, setEnvironmentData } from 'node:worker_threads';

const KEY = 'reprise.threads';
const MAX_THREADS = 1024;
const MAX_STRINGS = 1 << 16;
// slots of the shared Int32Array
const LOCK = 0, HOLDER = 1, COUNT = 2, WAIT_SEQ = 3, QHEAD = 4, QTAIL = 5, EVENTS_LO = 6, EVENTS_HI = 7,
  CRC = 8, STRINGS = 9;
const THREADS = 16, STRIDE = 8;
// per thread: its state, the memory and address it waits on, its place among waiters, the result
// it resumes with, and the word it sleeps on until granted the baton
const STATE = 0, WAIT_MEMORY = 1, WAIT_ADDRESS = 2, WAIT_ORDER = 3, RESULT = 4, GRANT = 5, TIMED_OUT = 6;
/** Scheduler decision kinds written (DecisionKind codes). */
const RESUME = 4, TIMED_OUT_DECISION = 5, NOTIFIED = 6;
const QUEUE = THREADS + MAX_THREADS * STRIDE;
const STRING_IDS = QUEUE + MAX_THREADS;
const SLOTS = STRING_IDS + MAX_STRINGS;
/** Thread states. */
const IDLE = 0, WANTS = 1, RUNNING = 2, WAITING = 3;

/** The shared state of this process's recording (created by the main realm, inherited by workers). */
function sharedState() {
  let sab = getEnvironmentData(KEY);
  if (sab === undefined) {
    if (!isMainThread) throw new Error('reprise recorder: a worker thread without the recording\'s shared state');
    sab = new SharedArrayBuffer(SLOTS * 4);
    const s = new Int32Array(sab);
    s[HOLDER] = -1;
    setEnvironmentData(KEY, sab);
  }
  return new Int32Array(sab);
}

/**
 * One realm's handle on the baton. `log(tid, kind, options, choice)` writes a scheduler decision
 * to this realm's part of the trace; it runs under the state's lock, in the realm that holds the
 * baton (or takes it when it was free). `flush()` writes out this realm's events; it runs before
 * the realm hands the baton on.
 */
class Baton {
  constructor(log, flush) {
    this.s = sharedState();
    this.log = log;
    this.flush = flush;
    this.tid = -1;
  }

  lock() {
    const s = this.s;
    while (Atomics.compareExchange(s, LOCK, 0, 1) !== 0) Atomics.wait(s, LOCK, 1, 1);
  }

  unlock() {
    Atomics.store(this.s, LOCK, 0);
    Atomics.notify(this.s, LOCK, 1);
  }

  slot(tid, field) {
    return THREADS + tid * STRIDE + field;
  }

  /** A new thread (this realm's instance), idle; `whileLocked(tid)` runs before any other realm can register. */
  register(whileLocked) {
    this.lock();
    try {
      const tid = this.s[COUNT];
      if (tid >= MAX_THREADS) throw new Error(`reprise recorder: more than ${MAX_THREADS} threads`);
      whileLocked(tid);
      this.s[COUNT] = tid + 1;
      this.s[this.slot(tid, STATE)] = IDLE;
      this.tid = tid;
      return tid;
    } finally {
      this.unlock();
    }
  }

  get holding() {
    return this.tid >= 0 && Atomics.load(this.s, HOLDER) === this.tid;
  }

  /** This realm is about to run the module's code: it waits for the baton. */
  acquire() {
    const { s, tid } = this;
    this.lock();
    s[this.slot(tid, RESULT)] = 0;
    if (s[HOLDER] === -1) {
      this.grant(tid);
    } else {
      s[this.slot(tid, STATE)] = WANTS;
      this.enqueue(tid);
    }
    this.unlock();
    this.awaitGrant();
  }

  /** This realm left the module's code (back in its event loop): the baton goes on. */
  release() {
    this.lock();
    this.handOn(IDLE);
    this.unlock();
  }

  /**
   * memory.atomic.wait: 1 at once if `stillExpected()` is false, 2 for a zero timeout, else the
   * baton goes on until a notify (0) or the timeout in nanoseconds (negative: none) passed (2).
   */
  wait(memory, address, stillExpected, timeoutNanos) {
    const { s, tid } = this;
    this.lock();
    if (!stillExpected()) {
      this.unlock();
      return 1;
    }
    if (timeoutNanos === 0n) {
      this.unlock();
      return 2;
    }
    s[this.slot(tid, WAIT_MEMORY)] = memory;
    s[this.slot(tid, WAIT_ADDRESS)] = address;
    s[this.slot(tid, WAIT_ORDER)] = s[WAIT_SEQ]++;
    s[this.slot(tid, TIMED_OUT)] = 0;
    this.handOn(WAITING);
    this.unlock();
    if (timeoutNanos > 0n) {
      const deadline = performance.now() + Number(timeoutNanos) / 1e6;
      for (;;) {
        const left = deadline - performance.now();
        if (left <= 0) break;
        if (Atomics.wait(s, this.slot(tid, GRANT), 0, left) !== 'timed-out') break;
      }
      if (Atomics.load(s, this.slot(tid, GRANT)) === 0) this.timedOut();
    }
    this.awaitGrant();
    return s[this.slot(tid, RESULT)];
  }

  /**
   * The wait's time is up: unless a notify came first, the thread wants the baton back with result
   * 2, at once if no thread holds it, else once the holder next calls the scheduler (applyTimeouts).
   */
  timedOut() {
    const { s, tid } = this;
    this.lock();
    if (s[this.slot(tid, STATE)] === WAITING) {
      if (s[HOLDER] === -1) {
        this.timeOut(tid);
        this.grant(this.dequeue());
      } else {
        s[this.slot(tid, TIMED_OUT)] = 1;
      }
    }
    this.unlock();
  }

  /** Under the lock, by the holder: the waits that timed out since its last call give up waiting. */
  applyTimeouts() {
    const { s } = this;
    for (let t = 0; t < s[COUNT]; t++) {
      if (s[this.slot(t, TIMED_OUT)] === 1 && s[this.slot(t, STATE)] === WAITING) this.timeOut(t);
    }
  }

  timeOut(t) {
    const { s } = this;
    s[this.slot(t, TIMED_OUT)] = 0;
    s[this.slot(t, STATE)] = WANTS;
    s[this.slot(t, RESULT)] = 2;
    this.enqueue(t);
    this.log(t, TIMED_OUT_DECISION, 0, 0);
  }

  /** memory.atomic.notify: wakes up to `count` (unsigned) waiters on the address, first come first; returns how many. */
  notify(memory, address, count) {
    const { s } = this;
    this.lock();
    try {
      this.applyTimeouts();
      const waiters = [];
      for (let t = 0; t < s[COUNT]; t++) {
        if (s[this.slot(t, STATE)] === WAITING && s[this.slot(t, WAIT_MEMORY)] === memory
            && s[this.slot(t, WAIT_ADDRESS)] === address) {
          waiters.push(t);
        }
      }
      waiters.sort((a, b) => s[this.slot(a, WAIT_ORDER)] - s[this.slot(b, WAIT_ORDER)]);
      const n = Math.min(waiters.length, count >>> 0);
      for (let i = 0; i < n; i++) {
        const t = waiters[i];
        s[this.slot(t, STATE)] = WANTS;
        s[this.slot(t, RESULT)] = 0;
        s[this.slot(t, TIMED_OUT)] = 0;
        this.enqueue(t);
      }
      this.log(this.tid, NOTIFIED, 0, n);
      return n;
    } finally {
      this.unlock();
    }
  }

  /** Under the lock: this thread goes to `state` and the first in line gets the baton (or it is free). */
  handOn(state) {
    const { s, tid } = this;
    if (s[HOLDER] !== tid) {
      throw new Error(`reprise recorder: thread ${tid} ran the module without holding the baton (module code the`
        + ' recorder saw no export call of: a function of the module that JavaScript called unwrapped)');
    }
    this.applyTimeouts();
    s[this.slot(tid, STATE)] = state;
    s[HOLDER] = -1;
    const next = this.dequeue();
    if (next >= 0) {
      this.grant(next);
    } else {
      this.flush();
    }
  }

  /** Under the lock: `t` holds the baton (written to the trace), and is woken if it sleeps. */
  grant(t) {
    const { s } = this;
    s[HOLDER] = t;
    s[this.slot(t, STATE)] = RUNNING;
    this.log(t, RESUME, 3, s[this.slot(t, RESULT)]);
    this.flush();
    Atomics.store(s, this.slot(t, GRANT), 1);
    Atomics.notify(s, this.slot(t, GRANT), 1);
  }

  awaitGrant() {
    const g = this.slot(this.tid, GRANT);
    while (Atomics.load(this.s, g) === 0) Atomics.wait(this.s, g, 0);
    Atomics.store(this.s, g, 0);
  }

  enqueue(t) {
    const { s } = this;
    s[QUEUE + (s[QTAIL] % MAX_THREADS)] = t;
    s[QTAIL]++;
  }

  dequeue() {
    const { s } = this;
    if (s[QHEAD] === s[QTAIL]) return -1;
    const t = s[QUEUE + (s[QHEAD] % MAX_THREADS)];
    s[QHEAD]++;
    return t;
  }

  /**
   * Takes the state's lock for the end of the run (the final state and the trailer), waiting at
   * most `millis` for a thread that holds the baton to give it back; false if it did not.
   */
  quiesce(millis) {
    const until = performance.now() + millis;
    for (;;) {
      this.lock();
      const holder = this.s[HOLDER];
      if (holder === -1 || holder === this.tid) return true;
      this.unlock();
      if (performance.now() >= until) return false;
      Atomics.wait(this.s, LOCK, 0, 1);
    }
  }

  // the trace's shared counters (touched only by the realm that holds the baton or the lock)
  addEvents(n) {
    const total = (this.s[EVENTS_HI] >>> 0) * 2 ** 32 + (this.s[EVENTS_LO] >>> 0) + n;
    this.s[EVENTS_LO] = total % 2 ** 32;
    this.s[EVENTS_HI] = Math.floor(total / 2 ** 32);
  }

  events() {
    return (this.s[EVENTS_HI] >>> 0) * 2 ** 32 + (this.s[EVENTS_LO] >>> 0);
  }

  get crc() {
    return this.s[CRC];
  }

  set crc(c) {
    this.s[CRC] = c;
  }

  /** The id of string slot `k` (-1: not yet defined), and a new id for it. */
  stringId(k) {
    return k < MAX_STRINGS ? this.s[STRING_IDS + k] - 1 : -1;
  }

  newStringId(k) {
    const id = this.s[STRINGS]++;
    if (k >= 0 && k < MAX_STRINGS) this.s[STRING_IDS + k] = id + 1;
    return id;
  }
}

export { Baton, sharedState };
