import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import { tmpdir } from "os";
import { join } from "path";
import { buildUrl, serveDist } from "../../scripts/serve-dist";

/** GET over HTTPS to 127.0.0.1, presenting `host` (SNI and Host header) and trusting only `ca`. */
function get(port: number, host: string, ca: Buffer, path: string): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: "127.0.0.1", port, path, servername: host, headers: { Host: `${host}:${port}` }, ca }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
    });
    req.on("error", reject);
  });
}

describe("npm run serve:dist", () => {
  jest.setTimeout(120_000);
  const root = mkdtempSync(join(tmpdir(), "shanty-serve-"));
  const dist = join(root, "dist");
  mkdirSync(join(dist, "help"), { recursive: true });
  writeFileSync(
    join(dist, "manifest.xml"),
    '<OfficeApp><DefaultSettings><SourceLocation DefaultValue="https://shanty.test:8443/addin/taskpane.html"/></DefaultSettings></OfficeApp>',
  );
  writeFileSync(join(dist, "taskpane.html"), "<!doctype html><title>棚改测算</title>");
  writeFileSync(join(dist, "help", "index.html"), "help");
  writeFileSync(join(root, "secret.txt"), "outside dist");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("reads the URL the build was made for from its manifest", () => {
    expect(buildUrl(dist).href).toBe("https://shanty.test:8443/addin/");
  });

  it("serves dist/ over HTTPS under the build's path, with a certificate for the build's host, and nothing outside it", async () => {
    const { server, ca } = await serveDist({ dist, port: 0, certDir: join(root, "certs") });
    try {
      const port = (server.address() as AddressInfo).port;
      const caPem = readFileSync(ca);
      const page = await get(port, "shanty.test", caPem, "/addin/taskpane.html");
      expect(page).toEqual({ status: 200, type: "text/html; charset=utf-8", body: "<!doctype html><title>棚改测算</title>" });
      expect((await get(port, "shanty.test", caPem, "/addin/help/index.html")).body).toBe("help");
      expect((await get(port, "shanty.test", caPem, "/addin/../secret.txt")).status).toBe(404);
      expect((await get(port, "shanty.test", caPem, "/addin/%2e%2e/secret.txt")).status).toBe(404);
      expect((await get(port, "shanty.test", caPem, "/taskpane.html")).status).toBe(404); // outside the build's path
      // the certificate names the build's host: another name is refused by TLS
      await expect(get(port, "other.test", caPem, "/addin/taskpane.html")).rejects.toThrow(/altnames|Hostname/i);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
