import { spawnSync } from "child_process";
import * as path from "path";

/*
 * test/support/realPrograms.ts itself: where LibreOffice is missing, tests needing it are skipped with a notice —
 * or fail when SHANTY_REQUIRE_REAL_PROGRAMS=1 (CI). Checked in a child process whose PATH has no soffice, with
 * describe/it recorded instead of run.
 */

const ROOT = path.join(__dirname, "..", "..");

function withoutSoffice(require: boolean): { calls: string[]; warned: string } {
  const script = `
    const calls = [];
    global.describe = (t, body) => { calls.push("describe " + t); body(); };
    global.describe.skip = (t) => calls.push("skip " + t);
    global.it = (t, fn) => { calls.push("it " + t); try { fn(); } catch (e) { calls.push("throws " + e.message); } };
    const warned = [];
    console.warn = (m) => warned.push(m);
    const rp = require(${JSON.stringify(path.join(ROOT, "test/support/realPrograms.ts"))});
    rp.describeWith("soffice", "needs LibreOffice", () => calls.push("body"));
    process.stdout.write(JSON.stringify({ calls, warned: warned.join("\\n"), soffice: rp.SOFFICE ?? null }));`;
  const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, PATH: "/nonexistent", SHANTY_REQUIRE_REAL_PROGRAMS: require ? "1" : "" },
  });
  const parsed = JSON.parse(r.stdout) as { calls: string[]; warned: string; soffice: string | null };
  expect(parsed.soffice).toBeNull();
  return parsed;
}

describe("test/support/realPrograms.ts where LibreOffice is missing", () => {
  it("skips with a visible notice", () => {
    const { calls, warned } = withoutSoffice(false);
    expect(calls).toEqual(["skip needs LibreOffice"]);
    expect(warned).toContain("SKIPPED");
    expect(warned).toContain("LibreOffice (soffice) not installed");
  }, 60_000);

  it("fails with SHANTY_REQUIRE_REAL_PROGRAMS=1", () => {
    const { calls } = withoutSoffice(true);
    expect(calls[0]).toBe("describe needs LibreOffice");
    expect(calls).not.toContain("body");
    expect(calls.some((c) => c.startsWith("throws SHANTY_REQUIRE_REAL_PROGRAMS=1 but LibreOffice (soffice) is not installed"))).toBe(true);
  }, 60_000);
});
