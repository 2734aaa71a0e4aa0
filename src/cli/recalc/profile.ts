/*
 * Cost of each phase of `shanty recalc` and `shanty plan` — CPU time (user + system), RSS after the phase and the
 * process's peak RSS so far — printed to stderr when SHANTY_RECALC_PROFILE=1 or SHANTY_PLAN_PROFILE=1 (the bench
 * uses it to show which part costs what).
 */

const enabled = process.env.SHANTY_RECALC_PROFILE === "1" || process.env.SHANTY_PLAN_PROFILE === "1";
let last = process.cpuUsage();
let lastWall = Date.now();

const mb = (bytes: number) => Math.round(bytes / 1048576);

/** Mark the end of a phase. */
export function phase(name: string): void {
  if (!enabled) return;
  const now = process.cpuUsage();
  const cpuMs = Math.round((now.user - last.user + now.system - last.system) / 1000);
  const wallMs = Date.now() - lastWall;
  last = now;
  lastWall = Date.now();
  const memory = process.memoryUsage();
  process.stderr.write(
    `PHASE ${name} cpu=${cpuMs}ms wall=${wallMs}ms rss=${mb(memory.rss)}MB heap=${mb(memory.heapUsed)}MB buffers=${mb(memory.arrayBuffers)}MB peak=${Math.round(process.resourceUsage().maxRSS / 1024)}MB\n`,
  );
}

let gcFn: (() => void) | undefined | null;

/**
 * A full garbage collection between evaluation blocks, so the next engine reuses the memory the last one freed
 * instead of the heap growing first (V8 collects old space only when it has grown). Uses V8's gc through
 * --expose-gc set at run time; if that is unavailable, nothing happens.
 */
export function collectGarbage(): void {
  if (gcFn === undefined) {
    try {
      require("v8").setFlagsFromString("--expose-gc");
      gcFn = require("vm").runInNewContext("gc") as () => void;
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}
