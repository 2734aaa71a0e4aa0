/**
 * `npm run serve:dist`: serve a production build (dist/) over HTTPS, for trying a deployment out before it goes
 * to the real web server. Any static HTTPS server does the same job in production (IIS, nginx, Apache, an object
 * store behind HTTPS); this one needs nothing beyond Node and office-addin-dev-certs.
 *
 * The build's own URL decides where it is served: SHANTY_PROD_URL=https://shanty.test:8443/ npm run build, then
 * npm run serve:dist listens on port 8443 and answers for /… (a path in the URL is served as that prefix). The
 * certificate is a development one for that host name, made once with office-addin-dev-certs (its own CA, in
 * ~/.office-addin-dev-certs/shanty-<host>/); Excel accepts it only after that CA is trusted on the machine.
 *
 * Options: --dist DIR (default dist), --port N (default: the URL's), --listen ADDRESS (default 127.0.0.1;
 * 0.0.0.0 lets other machines of the network load it), --cert-dir DIR.
 */
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import type { AddressInfo } from "net";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
};

export interface ServeOptions {
  readonly dist: string;
  readonly port?: number;
  readonly listen?: string;
  readonly certDir?: string;
}

/** The URL the build was made for, from its manifest's <SourceLocation>. */
export function buildUrl(dist: string): URL {
  const file = path.join(dist, "manifest.xml");
  if (!fs.existsSync(file)) throw new Error(`${file} 不存在：先运行 SHANTY_PROD_URL=https://… npm run build / not found: build first`);
  const m = /<SourceLocation\s+DefaultValue="([^"]+)"/.exec(fs.readFileSync(file, "utf8"));
  if (!m) throw new Error(`${file} 中没有 <SourceLocation DefaultValue> / has no <SourceLocation DefaultValue>`);
  return new URL(".", m[1]);
}

/** A development certificate for `host` (made once, then reused): { key, cert, ca } file paths. */
export async function certificateFor(host: string, certDir?: string): Promise<{ key: string; cert: string; ca: string }> {
  const dir = certDir ?? path.join(os.homedir(), ".office-addin-dev-certs", `shanty-${host}`);
  const files = { ca: path.join(dir, "ca.crt"), cert: path.join(dir, "localhost.crt"), key: path.join(dir, "localhost.key") };
  if (!fs.existsSync(files.key) || !fs.existsSync(files.cert) || !fs.existsSync(files.ca)) {
    fs.mkdirSync(dir, { recursive: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { generateCertificates } = require("office-addin-dev-certs") as typeof import("office-addin-dev-certs");
    await generateCertificates(files.ca, files.cert, files.key, 30, [host]);
  }
  return files;
}

/** Start the server; resolves once it listens. */
export async function serveDist(options: ServeOptions): Promise<{ server: https.Server; url: URL; ca: string }> {
  const dist = path.resolve(options.dist);
  const url = buildUrl(dist);
  const cert = await certificateFor(url.hostname, options.certDir);
  const prefix = url.pathname; // ends with "/"
  const server = https.createServer({ key: fs.readFileSync(cert.key), cert: fs.readFileSync(cert.cert) }, (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "https://x").pathname);
    if ((req.method !== "GET" && req.method !== "HEAD") || !pathname.startsWith(prefix)) {
      res.writeHead(pathname.startsWith(prefix) ? 405 : 404).end();
      return;
    }
    const rel = pathname.slice(prefix.length) || "taskpane.html";
    const file = path.resolve(dist, rel);
    if (!file.startsWith(dist + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    res.writeHead(200, {
      "Content-Type": TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "X-Content-Type-Options": "nosniff",
    });
    if (req.method === "HEAD") res.end();
    else fs.createReadStream(file).pipe(res);
  });
  const port = options.port ?? (url.port ? Number(url.port) : 443);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, options.listen ?? "127.0.0.1", () => resolve());
  });
  return { server, url, ca: cert.ca };
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const port = option(args, "--port");
  serveDist({
    dist: option(args, "--dist") ?? "dist",
    port: port ? Number(port) : undefined,
    listen: option(args, "--listen"),
    certDir: option(args, "--cert-dir"),
  })
    .then(({ server, url, ca }) => {
      const { port: actual, address } = server.address() as AddressInfo;
      console.log(`正在以 HTTPS 提供 dist/ / serving dist/ over HTTPS: ${url.href} (listening on ${address}:${actual})`);
      console.log(`  清单 manifest: ${new URL("manifest.xml", url).href}`);
      console.log(`  证书颁发机构 CA (trust it once for Excel to load the add-in): ${ca}`);
      console.log(`  ${url.hostname} 须解析到本机 must resolve to this machine (e.g. a hosts entry "127.0.0.1 ${url.hostname}")`);
      console.log("  Ctrl+C 停止 to stop");
    })
    .catch((e: Error) => {
      console.error(e.message);
      process.exit(1);
    });
}
