import { numberText } from "./recalc/numbers";

// Each command's modules are loaded when it runs: `shanty recalc` on a workbook the direct evaluator takes
// loads neither HyperFormula nor the plan writer (~25 MB and ~0.3 s of a process's start).

const USAGE = `用法 Usage:
  shanty eval '<公式 formula>'      计算一个公式，如 shanty eval '=SHANTY.FEEEXEMPT(10000,20000,150,"民间资本")'
  shanty plan IN.xlsx -o OUT.xlsx [-f]  生成年度计划表和平衡报告，写入 IN 的副本 OUT
                                    (plan and balance-report sheets into a copy; --only plan|balance)
                                    --map 户数=改造户数(户)  列对应（可重复，存入 OUT）/ map a column (repeatable, kept in OUT)
  shanty recalc IN.xlsx -o OUT.xlsx [-f]  计算工作簿中的全部公式（含 SHANTY 函数），结果存入 OUT
                                    (evaluate every formula, cache the values in OUT)
  shanty merge A.xlsx B.xlsx … -o OUT.xlsx [--district D.xlsx]
                                    汇总各镇街申报的工作簿为全区工作簿（每行注明来源，跨文件检查）
                                    (consolidate the towns' workbooks; sources and cross-file checks)
  shanty portable IN.xlsx -o OUT.xlsx [-f]
                                    通用工作簿：有原生等价公式的 SHANTY 公式改写为原生公式，其余改为数值并在批注中保留原公式
                                    (portable copy for Excel without the add-in, WPS, LibreOffice)
  shanty demo [--out DIR] [-f]      在内置示例工作簿上运行 plan 和 recalc，输出到 DIR（默认 ./out）
  shanty help                       显示本说明 (this text)

退出码 Exit codes: 0 完成 done；1 用法或文件错误，未写出任何文件 usage or file error, nothing written；
  2 eval 结果为错误值 eval gave an error value；3 recalc 已写出，但有单元格结果为错误值（已列出）
  recalc written, some cells evaluate to errors (listed)；4 plan 输入有错误，未写出 plan: input errors, nothing written；
  5 recalc 已写出，但有公式未重新计算、保留了原值（已列出，优先于 3）recalc written, some formulas not
  recalculated and their cached values kept (listed; takes precedence over 3).
已有的输出文件只在加 --force（-f）时替换 An existing output file is replaced only with --force (-f).
输入工作簿从不被改写 The input workbook is never modified.`;

function formatCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return numberText(v);
  return String(v);
}

/** `shanty eval`: prints the value (a spilled table as tab-separated rows); an error value exits 2. */
async function runEval(args: string[]): Promise<number> {
  if (args.length !== 1) {
    console.error("shanty eval 需要一个公式参数 (one formula argument), e.g. shanty eval '=SHANTY.FEEEXEMPT(1,0,1.005)'");
    return 1;
  }
  const { evaluateFormula } = await import("./evaluate");
  const out = evaluateFormula(args[0]);
  if (!out.ok) {
    console.log(`${out.error} ${out.message}`.trim());
    return 2;
  }
  if (out.rows) {
    for (const row of out.rows) console.log(row.map(formatCell).join("\t"));
    const errors = out.rows
      .flat()
      .filter((c) => typeof c === "string" && /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|ERROR!|SPILL!|CYCLE!)$/.test(c));
    return errors.length ? 2 : 0;
  }
  console.log(formatCell(out.value));
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "eval":
      return runEval(rest);
    case "plan":
      return (await import("./plan")).runPlan(rest);
    case "recalc":
      return (await import("./recalc")).runRecalc(rest);
    case "merge":
      return (await import("./merge")).runMerge(rest);
    case "portable":
      return (await import("./portable")).runPortable(rest);
    case "demo":
      return (await import("./demo")).runDemo(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`未知命令 unknown command: ${command}\n${USAGE}`);
      return 1;
  }
}
