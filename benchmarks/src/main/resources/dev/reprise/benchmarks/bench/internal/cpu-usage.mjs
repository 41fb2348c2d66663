// Preloaded into each timed node process by reprise bench (NODE_OPTIONS=--import=...; NodeCpuClock):
// at exit it writes the process's CPU time in microseconds (process.cpuUsage: user + system, every
// thread) to the file $REPRISE_CPU_USAGE_FILE names. Processes this one starts do not inherit the
// variable, so only the timed process writes the file.
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';

const file = process.env.REPRISE_CPU_USAGE_FILE;
delete process.env.REPRISE_CPU_USAGE_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    try {
      writeFileSync(file, String(user + system));
    } catch {
      // the bench then counts the process's CPU time in 10 ms ticks
    }
  });
}
