import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { validateXML } from "xmllint-wasm";

const XSD_DIR = join(__dirname, "xsd");
const MAIN = "OfficeAppManifestV1_1.xsd";

/** Validate manifest text against Microsoft's manifest XSDs (copies in test/manifest/xsd); returns the errors. */
export async function validateManifestXsd(xml: string, fileName = "manifest.xml"): Promise<string[]> {
  const others = readdirSync(XSD_DIR).filter((f) => f.endsWith(".xsd") && f !== MAIN);
  const result = await validateXML({
    xml: [{ fileName, contents: xml }],
    schema: [{ fileName: MAIN, contents: readFileSync(join(XSD_DIR, MAIN), "utf8") }],
    preload: others.map((f) => ({ fileName: f, contents: readFileSync(join(XSD_DIR, f), "utf8") })),
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
