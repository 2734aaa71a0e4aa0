/*
 * Exit codes and the one error wrapper every `shanty` command runs in: a problem with a file the user named is a
 * ShantyFileError (Chinese + English message, exit 1); anything else is a bug and keeps its stack trace.
 */

/**
 * Exit codes of `shanty`:
 * 0 done; 1 usage error or file problem (missing, unreadable, not .xlsx, output = input, output exists without
 * --force, cannot write) — nothing written; 2 `eval` printed an error value; 3 `recalc` wrote the workbook but some
 * cells evaluate to errors (listed); 4 `plan` found errors in the input workbook (listed) — nothing written.
 */
export const EXIT = { OK: 0, USAGE: 1, FILE: 1, EVAL_ERROR: 2, CELL_ERRORS: 3, INPUT_ERRORS: 4 } as const;

/** A problem with a file the user named: the message is shown in Chinese and English, the command exits 1. */
export class ShantyFileError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh}\n${en}`);
    this.name = "ShantyFileError";
  }
}

/** Run a command body; a ShantyFileError is printed (Chinese line, English line) and becomes exit 1. */
export async function runCommand(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof ShantyFileError) {
      console.error(`${e.zh}\n${e.en}`);
      return EXIT.FILE;
    }
    throw e;
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
