import { evaluateFormula } from "./evaluate";

const USAGE = `用法 Usage:
  shanty eval '<公式 formula>'      计算一个公式，如 shanty eval '=SHANTY.FEEEXEMPT(10000,20000,150,"民间资本")'
  shanty help                       显示本说明 (this text)`;

function formatCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}

/** `shanty eval`: prints the value (a spilled table as tab-separated rows); an error value exits 2. */
function runEval(args: string[]): number {
  if (args.length !== 1) {
    console.error("shanty eval 需要一个公式参数 (one formula argument), e.g. shanty eval '=SHANTY.FEEEXEMPT(1,0,1.005)'");
    return 1;
  }
  const out = evaluateFormula(args[0]);
  if (!out.ok) {
    console.log(`${out.error} ${out.message}`.trim());
    return 2;
  }
  if (out.rows) {
    for (const row of out.rows) console.log(row.map(formatCell).join("\t"));
    const errors = out.rows.flat().filter((c) => typeof c === "object" && c !== null);
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
