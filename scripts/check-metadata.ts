/*
 * Checks the built custom-functions metadata (dist/functions.json and dist/functions-zh-cn.json) against the
 * function registry: every catalogue function present under its own name in both files, every argument
 * described, Chinese descriptions in the zh-CN file, the same ids and names in both. Run after `npm run build`.
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { FUNCTIONS } from "../src/registry";

interface Meta {
  functions: { id: string; name: string; description?: string; helpUrl?: string; parameters?: { name: string; description?: string }[] }[];
}

const dist = process.argv[2] ?? join(__dirname, "..", "dist");
const problems: string[] = [];
const load = (file: string): Meta | undefined => {
  const path = join(dist, file);
  if (!existsSync(path)) {
    problems.push(`缺少 ${file} (missing ${path}; run npm run build first)`);
    return undefined;
  }
  return JSON.parse(readFileSync(path, "utf8")) as Meta;
};
const en = load("functions.json");
const zh = load("functions-zh-cn.json");
const hasChinese = (s: string | undefined) => !!s && /[\u4e00-\u9fff]/.test(s);

for (const [label, meta, chinese] of [
  ["functions.json", en, false],
  ["functions-zh-cn.json", zh, true],
] as const) {
  if (!meta) continue;
  const byId = new Map(meta.functions.map((f) => [f.id, f]));
  for (const spec of FUNCTIONS) {
    const f = byId.get(spec.id);
    if (!f) {
      problems.push(`${label}: 缺少函数 ${spec.id}`);
      continue;
    }
    if (f.name !== spec.id) problems.push(`${label}: ${spec.id} 的 name 是 ${f.name}（函数名在各语言中必须相同）`);
    if (!f.description) problems.push(`${label}: ${spec.id} 没有说明`);
    if (chinese && !hasChinese(f.description)) problems.push(`${label}: ${spec.id} 的说明不是中文`);
    if (!f.helpUrl?.endsWith(`/help/${spec.id}.html`)) problems.push(`${label}: ${spec.id} 的 helpUrl 不对：${f.helpUrl}`);
    const params = f.parameters ?? [];
    if (params.length !== spec.params.length)
      problems.push(`${label}: ${spec.id} 有 ${params.length} 个参数，目录规定 ${spec.params.length} 个`);
    spec.params.forEach((p, i) => {
      const q = params[i];
      if (!q || q.name !== p.name) problems.push(`${label}: ${spec.id} 第 ${i + 1} 个参数应为 ${p.name}，实际 ${q?.name}`);
      else if (!q.description) problems.push(`${label}: ${spec.id}.${p.name} 没有说明`);
      else if (chinese && !hasChinese(q.description)) problems.push(`${label}: ${spec.id}.${p.name} 的说明不是中文`);
    });
  }
  for (const f of meta.functions) if (!FUNCTIONS.some((s) => s.id === f.id)) problems.push(`${label}: 多出未登记的函数 ${f.id}`);
}

if (problems.length) {
  console.error(`metadata check failed (${problems.length}):\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log(`metadata OK: ${FUNCTIONS.length} functions in functions.json and functions-zh-cn.json, every argument described`);
