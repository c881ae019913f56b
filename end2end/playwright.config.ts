import { defineConfig } from "@playwright/test";
import path from "node:path";

// Ports of this suite. `make run` uses 3000 and 3001, so both can run at once.
const PORTAL_PORT = 3100;
const SITE_PORT = 3101;
const FOREIGN_SITE_PORT = 3102;
const SMTP_PORT = 3103;
const OIDC_PORT = 3104;

const root = path.resolve(__dirname, "..");
const appelloBin = process.env.APPELLO_BIN ?? path.join(root, "target/release/appello");
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? path.join(root, "target/site");

// Debian's Chromium, kept from reaching any host but the local servers.
const chromiumArgs = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
];

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORTAL_PORT}`,
    headless: true,
    locale: "ru-RU",
    launchOptions: { executablePath: "/usr/bin/chromium", args: chromiumArgs },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "js", use: { javaScriptEnabled: true } },
    { name: "nojs", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: "bash scripts/serve.sh",
    url: `http://127.0.0.1:${PORTAL_PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      APPELLO_BIN: appelloBin,
      LEPTOS_SITE_ROOT: siteRoot,
      PORTAL_PORT: String(PORTAL_PORT),
      SITE_PORT: String(SITE_PORT),
      FOREIGN_SITE_PORT: String(FOREIGN_SITE_PORT),
      SMTP_PORT: String(SMTP_PORT),
      OIDC_PORT: String(OIDC_PORT),
    },
  },
});
