import JSZip from "jszip";
import { makePackagePortable, type PortableResult } from "../workbook/portable/package";

/*
 * The zip side of the pane's 导出通用工作簿, in a chunk of its own (portable.ts imports it on the click, so
 * JSZip never weighs on the task pane's start). The conversion itself is the host-neutral package converter
 * that `shanty portable` runs; this file only opens the package, hands over its XML parts and packs the result.
 * Parts that are not XML (images, printer settings, a VBA project) are carried over as they are.
 */

/** Parts the converter reads: XML, relationships and the legacy VML drawings of comments. */
const XML_PART = /\.(xml|rels|vml)$/i;

export async function portablePackage(bytes: Uint8Array): Promise<{ base64: string; result: PortableResult }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = new Map<string, string>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir && XML_PART.test(entry.name)) xml.set(entry.name, await entry.async("string"));
  }
  const { write, remove, result } = makePackagePortable(xml);
  for (const name of remove) zip.remove(name);
  for (const [name, text] of write) zip.file(name, text);
  const base64 = await zip.generateAsync({ type: "base64", compression: "DEFLATE", compressionOptions: { level: 6 } });
  return { base64, result };
}
