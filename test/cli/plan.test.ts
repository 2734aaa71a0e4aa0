import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { shanty } from "../support/shanty";
import { readGrid } from "../../src/cli/grid";
import { writeSheets } from "../../src/cli/sheets";
import * as generate from "../../src/workbook/generate";
import { ownershipName, SheetModel } from "../../src/workbook/model";

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-plan-"));
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A planning workbook from the template with the sample district (the same sheets the add-in's template writes). */
async function sampleInput(name = "in.xlsx"): Promise<string> {
  const wb = new ExcelJS.Workbook();
  writeSheets(wb, generate.templateSheets(true));
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

describe("shanty plan with the generator stubbed (the file handling alone; both write paths call generateFromInput)", () => {
  const planSheet: SheetModel = {
    role: "plan",
    name: "年度计划",
    rows: [
      ["年度", "户数"],
      [2024, 3926],
    ],
    tables: [{ name: "ShantyPlanTest", range: { row: 0, col: 0, rows: 2, cols: 2 }, style: "TableStyleMedium2" }],
  };

  it("prints warnings with their cell, writes the sheets into a copy, leaves a same-named user sheet and the input alone", async () => {
    jest.spyOn(generate, "generateFromInput").mockReturnValue({
      sheets: [planSheet],
      problems: [{ sheet: "项目库", address: "G7", zh: "建筑面积为 0", en: "building area is 0", severity: "warning" }],
      summary: { sentence: "力争用1年时间……", verdicts: { 项目自平衡: 1 }, projectCount: 1 },
    });
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("年度计划").getCell("A1").value = "用户自己的年度计划";
    const input = path.join(dir, "in.xlsx");
    await wb.xlsx.writeFile(input);
    const before = fs.readFileSync(input);

    const { code, out } = await shanty("plan", input, "-o", path.join(dir, "out.xlsx"));
    expect(code).toBe(0);
    expect(out).toContain("警告 warning  项目库!G7  建筑面积为 0 / building area is 0");
    expect(out).toContain("年度计划 (2)（plan）");
    expect(out).toContain("力争用1年时间……");
    expect(out).toContain("项目自平衡 1");
    expect(fs.readFileSync(input).equals(before)).toBe(true);

    const grid = readGrid(await load(path.join(dir, "out.xlsx")));
    expect(grid.sheets.map((s) => s.name)).toEqual(["年度计划", "年度计划 (2)"]);
    expect(grid.sheets[0].values).toEqual([["用户自己的年度计划"]]);
    expect(grid.sheets[1].values).toEqual([
      ["年度", "户数"],
      [2024, 3926],
    ]);
    expect(grid.names.find((n) => n.name === ownershipName("plan"))?.sheet).toBe("年度计划 (2)");
  });

  it("an error problem: exit 4, the problem listed with its cell, nothing written", async () => {
    jest.spyOn(generate, "generateFromInput").mockReturnValue({
      sheets: [],
      problems: [{ sheet: "项目库", address: "F3", zh: "户数不是数字", en: "households is not a number", severity: "error" }],
      summary: { sentence: "", verdicts: {}, projectCount: 0 },
    });
    const input = await sampleInput();
    const { code, out } = await shanty("plan", input, "-o", path.join(dir, "out.xlsx"));
    expect(code).toBe(4);
    expect(out).toContain("错误 error  项目库!F3  户数不是数字 / households is not a number");
    expect(out).toContain("nothing was written");
    expect(fs.readdirSync(dir)).toEqual(["in.xlsx"]);
  });

  it("--only passes the kind asked for", async () => {
    const spy = jest.spyOn(generate, "generateFromInput").mockReturnValue({
      sheets: [planSheet],
      problems: [],
      summary: { sentence: "", verdicts: {}, projectCount: 0 },
    });
    const input = await sampleInput();
    expect((await shanty("plan", input, "-o", path.join(dir, "out.xlsx"), "--only", "balance")).code).toBe(0);
    expect(spy.mock.calls[0][1]).toEqual(["balance"]);
    const bad = await shanty("plan", input, "-o", path.join(dir, "out2.xlsx"), "--only", "charts");
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("--only");
  });
});

describe("shanty plan on real workbooks", () => {
  it("the sample district: plan and balance sheets written, the reference sentence printed (24 projects, 13161 households, 128.34万㎡)", async () => {
    const input = await sampleInput();
    const { code, out } = await shanty("plan", input, "-o", path.join(dir, "out.xlsx"));
    expect(code).toBe(0);
    expect(out).toContain("实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米");
    const verdictLine = out.split("\n").find((l) => l.includes("verdicts:"))!;
    // every project gets exactly one verdict
    expect([...verdictLine.matchAll(/ (\d+)(?=，|$)/g)].reduce((s, m) => s + Number(m[1]), 0)).toBe(24);
    const names = readGrid(await load(path.join(dir, "out.xlsx"))).names.map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining([ownershipName("plan"), ownershipName("balance")]));
  });

  it("planning the output again replaces the earlier output sheets instead of adding copies", async () => {
    const input = await sampleInput();
    const first = path.join(dir, "first.xlsx");
    const second = path.join(dir, "second.xlsx");
    expect((await shanty("plan", input, "-o", first)).code).toBe(0);
    const { code, out } = await shanty("plan", first, "-o", second);
    expect(code).toBe(0);
    expect(out).toContain("replaces the previous output");
    const a = (await load(first)).worksheets.map((w) => w.name);
    const b = (await load(second)).worksheets.map((w) => w.name);
    expect(b).toEqual(a);
  });

  it("a workbook without a project table: exit 4, an error listed, nothing written", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").getCell("A1").value = "随便写点什么";
    const input = path.join(dir, "empty.xlsx");
    await wb.xlsx.writeFile(input);
    const { code, out } = await shanty("plan", input, "-o", path.join(dir, "out.xlsx"));
    expect(code).toBe(4);
    expect(out).toContain("错误 error");
    expect(fs.readdirSync(dir)).toEqual(["empty.xlsx"]);
  });
});

describe("shanty plan: file errors exit 1 and write nothing", () => {
  it("missing input", async () => {
    const { code, out } = await shanty("plan", path.join(dir, "missing.xlsx"), "-o", path.join(dir, "out.xlsx"));
    expect(code).toBe(1);
    expect(out).toMatch(/找不到文件.*\n.*File not found/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("output = input", async () => {
    const input = await sampleInput();
    const before = fs.readFileSync(input);
    const { code, out } = await shanty("plan", input, "--output", input);
    expect(code).toBe(1);
    expect(out).toContain("输出文件不能与输入文件相同");
    expect(fs.readFileSync(input).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(["in.xlsx"]);
  });

  it("output = input through a symbolic link", async () => {
    const input = await sampleInput();
    const link = path.join(dir, "link.xlsx");
    fs.symlinkSync(input, link);
    const { code } = await shanty("plan", input, "-o", link);
    expect(code).toBe(1);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it("not an .xlsx: a legacy .xls, a text file named .xlsx, a folder", async () => {
    const xls = path.join(dir, "old.xls");
    fs.writeFileSync(xls, "\xd0\xcf\x11\xe0");
    const txt = path.join(dir, "notes.xlsx");
    fs.writeFileSync(txt, "hello");
    fs.mkdirSync(path.join(dir, "folder.xlsx"));
    const r1 = await shanty("plan", xls, "-o", path.join(dir, "o.xlsx"));
    expect(r1.code).toBe(1);
    expect(r1.out).toContain("另存为");
    const r2 = await shanty("plan", txt, "-o", path.join(dir, "o.xlsx"));
    expect(r2.code).toBe(1);
    expect(r2.out).toContain("不是有效的 .xlsx");
    const r3 = await shanty("plan", path.join(dir, "folder.xlsx"), "-o", path.join(dir, "o.xlsx"));
    expect(r3.code).toBe(1);
    expect(r3.out).toContain("文件夹");
    expect(fs.readdirSync(dir).sort()).toEqual(["folder.xlsx", "notes.xlsx", "old.xls"]);
  });

  it("output folder missing, no -o, stray arguments", async () => {
    const input = await sampleInput();
    const r1 = await shanty("plan", input, "-o", path.join(dir, "no", "such", "out.xlsx"));
    expect(r1.code).toBe(1);
    expect(r1.out).toContain("输出文件夹不存在");
    expect((await shanty("plan", input)).code).toBe(1);
    expect((await shanty("plan", input, "other.xlsx", "-o", path.join(dir, "o.xlsx"))).code).toBe(1);
    expect((await shanty("plan", input, "-o")).code).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(["in.xlsx"]);
  });
});

describe("output files of every command that writes (plan, recalc, demo)", () => {
  it("an existing output is replaced only with --force / -f; without it exit 1, a bilingual message, the file untouched", async () => {
    const input = await sampleInput();
    const inputBytes = fs.readFileSync(input);
    const out = path.join(dir, "out.xlsx");
    fs.writeFileSync(out, "my own file");
    for (const command of ["plan", "recalc"]) {
      const r = await shanty(command, input, "-o", out);
      expect(r.code).toBe(1);
      expect(r.out).toContain("输出文件已存在");
      expect(r.out).toContain("--force");
      expect(r.out).toContain("already exists");
      expect(fs.readFileSync(out, "utf8")).toBe("my own file");
    }
    expect((await shanty("plan", input, "-o", out, "--force")).code).toBe(0);
    expect(readGrid(await load(out)).names.map((n) => n.name)).toContain(ownershipName("plan"));
    expect((await shanty("recalc", input, "-f", "-o", out)).code).toBe(0);
    expect((await load(out)).worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(["项目库", "现金流"]));
    expect(fs.readFileSync(input).equals(inputBytes)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(["in.xlsx", "out.xlsx"]); // no temp file left
  });

  it("demo: existing outputs are kept without --force (nothing written), replaced with it", async () => {
    const out = path.join(dir, "demo");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "sample-district-recalc.xlsx"), "mine");
    const r = await shanty("demo", "--out", out);
    expect(r.code).toBe(1);
    expect(r.out).toContain("输出文件已存在");
    expect(fs.readdirSync(out)).toEqual(["sample-district-recalc.xlsx"]); // the plan output was not written either
    const forced = await shanty("demo", "--out", out, "--force");
    expect(forced.code).toBe(0);
    const written = fs.readdirSync(out);
    expect(written).toEqual(expect.arrayContaining(["sample-district-plan.xlsx", "sample-district-recalc.xlsx"]));
    expect(fs.readFileSync(path.join(out, "sample-district-recalc.xlsx")).subarray(0, 2).toString()).toBe("PK"); // replaced
    expect(written.filter((n) => n.startsWith(".shanty-"))).toEqual([]);
  });

  it("output names of ~240 bytes work (the temp name is short), Latin and Chinese", async () => {
    const input = await sampleInput();
    const latin = `${"a".repeat(235)}.xlsx`; // 240 bytes
    const chinese = `${"计".repeat(78)}.xlsx`; // 78 × 3 + 5 = 239 bytes
    for (const name of [latin, chinese]) {
      expect(Buffer.byteLength(name)).toBeGreaterThanOrEqual(239);
      const { code } = await shanty("plan", input, "-o", path.join(dir, name));
      expect(code).toBe(0);
      expect(fs.statSync(path.join(dir, name)).size).toBeGreaterThan(0);
    }
    expect(fs.readdirSync(dir).sort()).toEqual([latin, "in.xlsx", chinese].sort());
  });

  it("the temp file is fsync'ed before it becomes the output, and removed when writing fails", async () => {
    const input = await sampleInput();
    // The module object itself (the namespace import's bindings are read-only; output.ts reads through them).
    const nodeFs = jest.requireActual<typeof fs>("fs");
    const calls: string[] = [];
    const fsync = jest.spyOn(nodeFs, "fsyncSync").mockImplementation(() => void calls.push("fsync"));
    const realLink = nodeFs.linkSync;
    jest.spyOn(nodeFs, "linkSync").mockImplementation((a, b) => {
      calls.push("link");
      return realLink(a, b);
    });
    expect((await shanty("plan", input, "-o", path.join(dir, "a.xlsx"))).code).toBe(0);
    expect(calls.slice(0, 2)).toEqual(["fsync", "link"]);
    fsync.mockImplementation(() => {
      throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
    });
    const failed = await shanty("plan", input, "-o", path.join(dir, "b.xlsx"));
    expect(failed.code).toBe(1);
    expect(failed.out).toContain("无法写入");
    expect(fs.readdirSync(dir).sort()).toEqual(["a.xlsx", "in.xlsx"]); // no b.xlsx, no temp file
  });

  it("a temp file left by a killed run (SIGKILL while writing) is removed by the next write to that folder", async () => {
    const input = await sampleInput();
    const outDir = path.join(dir, "out");
    fs.mkdirSync(outDir);
    // A child process that writes an output and is killed between writing the temp file and moving it.
    const root = path.join(__dirname, "..", "..");
    const script = `const fs = require("fs"); fs.fsyncSync = () => process.kill(process.pid, "SIGKILL");
      require(${JSON.stringify(path.join(root, "src/cli/output.ts"))}).writeFileAtomic(${JSON.stringify(path.join(outDir, "x.xlsx"))}, Buffer.from("partial"));`;
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: root, encoding: "utf8" });
    expect(r.signal).toBe("SIGKILL");
    const stale = fs.readdirSync(outDir);
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatch(/^\.shanty-[0-9a-f]{4}-\d+-[0-9a-f]+\.tmp$/);
    expect(Buffer.byteLength(stale[0])).toBeLessThan(32);
    // Another machine's temp file in a shared folder (its process id means nothing here) is kept while it is recent.
    const foreign = path.join(outDir, `.shanty-${stale[0].slice(8, 12) === "0000" ? "ffff" : "0000"}-1-abcdef.tmp`);
    fs.writeFileSync(foreign, "another machine writing");
    expect((await shanty("plan", input, "-o", path.join(outDir, "plan.xlsx"))).code).toBe(0);
    expect(fs.readdirSync(outDir).sort()).toEqual([path.basename(foreign), "plan.xlsx"].sort());
    // … and removed once it is more than a day old.
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    fs.utimesSync(foreign, twoDaysAgo, twoDaysAgo);
    expect((await shanty("plan", input, "-o", path.join(outDir, "plan2.xlsx"))).code).toBe(0);
    expect(fs.readdirSync(outDir).sort()).toEqual(["plan.xlsx", "plan2.xlsx"]);
  }, 60_000);

  it("recalc leaves its input's bytes unchanged", async () => {
    const input = await sampleInput();
    const before = fs.readFileSync(input);
    await shanty("recalc", input, "-o", path.join(dir, "r.xlsx"));
    expect(fs.readFileSync(input).equals(before)).toBe(true);
  });
});

describe("formula cells without cached values when the in-memory evaluation fails", () => {
  it("the cells stay missing and are named (exit 4): never read as blank", async () => {
    const command = jest.requireActual<typeof import("../../src/cli/recalc/command")>("../../src/cli/recalc/command");
    jest.spyOn(command, "recalcBuffer").mockRejectedValue(new Error("simulated failure"));
    const fixture = path.join(__dirname, "..", "fixtures", "files", "openpyxl-formulas.xlsx");
    const { code, out } = await shanty("plan", fixture, "-o", path.join(dir, "out.xlsx"));
    expect(code).toBe(4);
    expect(out).toContain("simulated failure");
    expect(out).toContain("现金流!E2、现金流!E3、现金流!E4");
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
