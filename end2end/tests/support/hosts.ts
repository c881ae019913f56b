import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { chromium, type BrowserContext, type TestInfo } from "@playwright/test";

/** A private key and certificate in PEM, as `https.createServer` takes them. */
export interface Tls {
  key: Buffer;
  cert: Buffer;
}

/**
 * Creates a self-signed certificate for `localhost` and `127.0.0.1`, valid for one day, with
 * the `openssl` command line. Chromium accepts it only in a context with `ignoreHTTPSErrors`.
 */
export function selfSignedCertificate(): Tls {
  const folder = mkdtempSync(path.join(os.tmpdir(), "appello-tls-"));
  const keyFile = path.join(folder, "key.pem");
  const certFile = path.join(folder, "cert.pem");
  try {
    execFileSync(
      "openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout", keyFile, "-out", certFile,
      ],
      { stdio: "pipe" },
    );
    return { key: readFileSync(keyFile), cert: readFileSync(certFile) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** One page of an agency's site: markup for `<head>` and `<body>`, and its own CSP header. */
export interface HostPage {
  head?: string;
  body: string;
  contentSecurityPolicy?: string;
}

/** The cookie that the probe frame sets, to show whether the browser stores third-party cookies. */
export const PROBE_COOKIE = "appello_probe";
/** The path of the probe frame, which sets `PROBE_COOKIE` as a cookie that works cross-site. */
export const PROBE_FRAME_PATH = "/probe/set-cookie";

/**
 * An agency's web server on a free loopback port, over HTTP or, given `tls`, HTTPS. It serves
 * the pages added with `add` and the cookie probe frame. The same port serves `127.0.0.1` and
 * `localhost`, which are two different sites for cookies.
 */
export class HostServer {
  private readonly pages = new Map<string, HostPage>();
  private nextPage = 0;

  private constructor(
    private readonly server: http.Server,
    readonly scheme: "http" | "https",
    readonly port: number,
  ) {}

  static async start(tls?: Tls): Promise<HostServer> {
    let host: HostServer | undefined;
    const handler: http.RequestListener = (request, response) => host?.respond(request, response);
    const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    host = new HostServer(server, tls ? "https" : "http", (server.address() as AddressInfo).port);
    return host;
  }

  /** Returns the origin of this server under `hostname`. */
  origin(hostname: "127.0.0.1" | "localhost"): string {
    return `${this.scheme}://${hostname}:${this.port}`;
  }

  /** Serves `page` at a new path and returns its URL under `hostname`. */
  add(page: HostPage, hostname: "127.0.0.1" | "localhost" = "127.0.0.1"): string {
    this.nextPage += 1;
    const pagePath = `/page-${this.nextPage}`;
    this.pages.set(pagePath, page);
    return `${this.origin(hostname)}${pagePath}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private respond(request: http.IncomingMessage, response: http.ServerResponse): void {
    const pathname = new URL(request.url ?? "/", "http://host").pathname;
    if (pathname === PROBE_FRAME_PATH) {
      // A cross-site frame can set only a SameSite=None cookie, which must be Secure, so the probe needs HTTPS.
      response.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "set-cookie": `${PROBE_COOKIE}=1; Path=/; Secure; SameSite=None`,
      });
      response.end(`<!doctype html><html lang="ru"><title>Проба</title><p>Проба cookie</p></html>`);
      return;
    }
    const page = this.pages.get(pathname);
    if (!page) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      response.end("not found");
      return;
    }
    const headers: http.OutgoingHttpHeaders = { "content-type": "text/html; charset=utf-8" };
    if (page.contentSecurityPolicy) {
      headers["content-security-policy"] = page.contentSecurityPolicy;
    }
    response.writeHead(200, headers);
    response.end(
      `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Ведомство</title>${page.head ?? ""}</head>` +
        `<body><h1>Обращения граждан</h1>${page.body}</body></html>`,
    );
  }
}

/**
 * A TLS-terminating reverse proxy on a free loopback port in front of the portal, as an agency
 * runs Appello behind nginx. It keeps the `Host` header of the request, like
 * `proxy_set_header Host $host`, and adds `X-Forwarded-Proto: https`.
 */
export class TlsProxy {
  private constructor(
    private readonly server: https.Server,
    readonly port: number,
  ) {}

  static async start(tls: Tls, upstream: string): Promise<TlsProxy> {
    const target = new URL(upstream);
    const server = https.createServer(tls, (request, response) => {
      const forwarded = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, "x-forwarded-proto": "https" },
        },
        (reply) => {
          response.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(response);
        },
      );
      forwarded.on("error", (error) => {
        response.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
        response.end(`the portal behind the proxy is unreachable: ${error.message}`);
      });
      request.pipe(forwarded);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return new TlsProxy(server, (server.address() as AddressInfo).port);
  }

  /** Returns the origin of the proxied portal under `hostname`. */
  origin(hostname: "127.0.0.1" | "localhost"): string {
    return `https://${hostname}:${this.port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/**
 * Launches Chromium with a fresh profile whose "Block third-party cookies" setting is on or
 * off, as a visitor sets it in the browser's settings. The setting is the profile preference
 * `profile.cookie_controls_mode` (1 blocks, 0 allows), written before the browser starts. In
 * Debian's Chromium 156 a profile without the preference blocks them, so the test sets both
 * values explicitly. Close the returned context, and the browser with it, at the end.
 */
export async function launchWithThirdPartyCookies(
  testInfo: TestInfo,
  setting: "blocked" | "allowed",
): Promise<BrowserContext> {
  // Playwright empties the output folder before each run, so the profile needs no removal.
  const profile = testInfo.outputPath(`profile-${setting}`);
  mkdirSync(path.join(profile, "Default"), { recursive: true });
  const mode = setting === "blocked" ? 1 : 0;
  writeFileSync(path.join(profile, "Default", "Preferences"), JSON.stringify({ profile: { cookie_controls_mode: mode } }));

  const { launchOptions, javaScriptEnabled, locale } = testInfo.project.use;
  const context = await chromium.launchPersistentContext(profile, {
    ...launchOptions,
    headless: true,
    ignoreHTTPSErrors: true,
    javaScriptEnabled,
    locale,
  });
  return context;
}
