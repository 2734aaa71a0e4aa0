/* Writes src/functions/functions.ts — the JSDoc-tagged Excel adapters — from the function registry. */
import { writeFileSync } from "fs";
import { join } from "path";
import { FUNCTIONS } from "../src/registry";
import { adapterSource } from "../src/registry/adapterSource";

const target = join(__dirname, "..", "src", "functions", "functions.ts");
writeFileSync(target, adapterSource(FUNCTIONS));
console.log(`gen-adapters: ${FUNCTIONS.length} functions → ${target}`);
