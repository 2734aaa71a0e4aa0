import { medianRun, planScaleRuns } from "../../bench/planScale";
import { middle } from "../../bench/median";

/* The bench's plan curve reports the median of its runs (this machine's times spread by a fifth between runs). */

const run = (seconds: number, cpuSeconds: number, peakMB: number, exit = 0) => ({ seconds, cpuSeconds, peakMB, exit });

describe("bench medians", () => {
  it("middle: the median element, the lower middle of an even count, the input left as it was", () => {
    const xs = [5, 1, 4, 2, 3];
    expect(middle(xs, (x) => x)).toBe(3);
    expect(xs).toEqual([5, 1, 4, 2, 3]);
    expect(middle([4, 1, 3, 2], (x) => x)).toBe(2);
    expect(middle([7], (x) => x)).toBe(7);
    // an unread measure (NaN) sorts last
    expect(middle([NaN, 3, 1], (x) => x)).toBe(3);
    expect(middle([2, NaN, NaN], (x) => x)).toBeNaN();
  });

  it("medianRun: the median wall time's run, with the median CPU and memory of all runs", () => {
    const m = medianRun([run(30, 35, 1300), run(24, 40, 1250), run(27, 31, 1400)]);
    expect(m).toEqual(run(27, 35, 1300));
  });

  it("medianRun: a failed run is the point, whatever the times", () => {
    const failed = { ...run(400, 10, 4000, 134), failure: "JavaScript heap out of memory" };
    expect(medianRun([run(20, 21, 900), failed, run(22, 23, 950)])).toBe(failed);
  });

  it("runs per size: 3 unless SHANTY_BENCH_PLAN_RUNS names a positive whole number", () => {
    expect(planScaleRuns({})).toBe(3);
    expect(planScaleRuns({ SHANTY_BENCH_PLAN_RUNS: "1" })).toBe(1);
    expect(planScaleRuns({ SHANTY_BENCH_PLAN_RUNS: "0" })).toBe(3);
    expect(planScaleRuns({ SHANTY_BENCH_PLAN_RUNS: "two" })).toBe(3);
  });
});
