import { main } from "../../src/cli/main";

/** Run `shanty …` in-process; returns the exit code and everything it printed (stdout and stderr). */
export async function shanty(...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = jest.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
  const err = jest.spyOn(console, "error").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
  try {
    const code = await main(argv);
    return { code, out: lines.join("\n") };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}
