import { createHash } from "crypto";
import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { validateManifestXsd } from "./xsdValidate";

const MANIFEST = readFileSync(join(__dirname, "..", "..", "manifest.xml"), "utf8");

describe("manifest.xml against Microsoft's manifest XSDs (offline, xmllint-wasm)", () => {
  it("is valid", async () => {
    expect(await validateManifestXsd(MANIFEST)).toEqual([]);
  });

  it("the check can fail: an element out of order and an unknown permission are reported", async () => {
    const swapped = MANIFEST.replace("<Version>0.1.0.0</Version>", "").replace(
      "</ProviderName>",
      "</ProviderName>\n  <Version>0.1.0.0</Version>",
    );
    expect(swapped).not.toBe(MANIFEST);
    // <Version> must precede <ProviderName>
    expect((await validateManifestXsd(swapped)).join("\n")).toMatch(/Version|ProviderName/);
    const permission = MANIFEST.replace("<Permissions>ReadWriteDocument</Permissions>", "<Permissions>Everything</Permissions>");
    expect((await validateManifestXsd(permission)).join("\n")).toMatch(/Permissions/);
  });

  it("the schema copies are the project's reference data, byte for byte (where ../shared is present)", () => {
    const reference = join(__dirname, "..", "..", "..", "shared", "reference", "office-xsd", "usable");
    if (!existsSync(reference)) {
      console.warn(`SKIPPED comparison with ${reference}: not present beside this clone`);
      return;
    }
    const hash = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");
    for (const f of readdirSync(reference)) expect([f, hash(join(__dirname, "xsd", f))]).toEqual([f, hash(join(reference, f))]);
  });
});
