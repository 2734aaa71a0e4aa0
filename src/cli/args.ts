/*
 * One command-line parser for every `shanty` command: `--name VALUE`, `--name=VALUE`, `-x VALUE`, `-x=VALUE`,
 * flags (`--force`, `-f`), positional arguments, `--` ending the options. Misuse gives a bilingual message.
 */

export interface ArgSpec {
  readonly command: string;
  /** Options taking a value, by long name (without dashes). */
  readonly valued?: readonly string[];
  /** Options without a value, by long name. */
  readonly flags?: readonly string[];
  /** Other spellings (without dashes) → long name, e.g. { o: "output", out: "output", f: "force" }. */
  readonly aliases?: Readonly<Record<string, string>>;
}

export interface ParsedArgs {
  readonly positional: readonly string[];
  /** Valued options by long name. */
  readonly options: Readonly<Record<string, string>>;
  /** Flags given, by long name. */
  readonly flags: ReadonlySet<string>;
}

export function parseArgs(spec: ArgSpec, argv: readonly string[]): ParsedArgs | { error: string } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  const valued = new Set(spec.valued ?? []);
  const flagNames = new Set(spec.flags ?? []);
  let rest = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (rest || !arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    if (arg === "--") {
      rest = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const written = eq > 0 ? arg.slice(0, eq) : arg;
    const bare = written.replace(/^-+/, "");
    const name = spec.aliases?.[bare] ?? bare;
    if (valued.has(name)) {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === "") return { error: `shanty ${spec.command}: ${written} 需要一个值 / ${written} needs a value` };
      options[name] = v;
    } else if (flagNames.has(name)) {
      if (eq > 0) return { error: `shanty ${spec.command}: ${written} 不带值 / ${written} takes no value` };
      flags.add(name);
    } else {
      return { error: `shanty ${spec.command}: 未知选项 unknown option ${arg}` };
    }
  }
  return { positional, options, flags };
}

export interface InOutArgs {
  input: string;
  output: string;
  /** `--force` / `-f`: an existing output file may be replaced. */
  force: boolean;
  /** Valued options other than -o, by long name. */
  options: Record<string, string>;
}

/**
 * `IN.xlsx -o OUT.xlsx [-f]` (also `--output OUT`, `--out OUT`, `-o=OUT`, `--force`). `valued` lists further
 * options that take a value (e.g. "only").
 */
export function parseInOut(command: string, args: readonly string[], valued: readonly string[] = []): InOutArgs | { error: string } {
  const usage = `shanty ${command} IN.xlsx -o OUT.xlsx [--force]`;
  const parsed = parseArgs(
    { command, valued: ["output", ...valued], flags: ["force"], aliases: { o: "output", out: "output", f: "force" } },
    args,
  );
  if ("error" in parsed) return parsed;
  if (parsed.positional.length !== 1) return { error: `shanty ${command} 需要一个输入工作簿 / needs one input workbook: ${usage}` };
  const { output, ...options } = parsed.options;
  if (!output) return { error: `shanty ${command} 需要用 -o 指定输出文件 / needs an output file: ${usage}` };
  return { input: parsed.positional[0], output, force: parsed.flags.has("force"), options };
}
