import http from "node:http";
import type { AddressInfo } from "node:net";

import { expect, test, type Browser } from "@playwright/test";

import { field } from "./support/complaint";
import { saveScreenshot } from "./support/screenshots";
import { createStaffAccount, signInFirstTime } from "./support/staff";
import { FRAME_TITLE, hasJavaScript } from "./support/widget";

/**
 * Starts an agency's own page on a free loopback port, with the current `snippet()` in its body.
 * Chromium lets only a page on a loopback address load from the portal on 127.0.0.1, so the
 * page needs a real server. The test closes it at its end.
 */
async function startHostPage(snippet: () => string): Promise<{ origin: string; server: http.Server }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html lang="ru"><head><title>Ведомство</title></head><body><h1>Обращения граждан</h1>${snippet()}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, server };
}

async function signedIn(browser: Browser, javaScriptEnabled: boolean, role: "operator" | "agency_admin", testInfo: Parameters<typeof createStaffAccount>[0]) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  const account = createStaffAccount(testInfo, role, role === "agency_admin" ? "mvd" : undefined);
  await signInFirstTime(page, account, `Платформа-${role}-2026`);
  return page;
}

test("agency admin gets a key approved, pastes it, and a revocation stops it", async ({ browser, page }, testInfo) => {
  const site = `Сайт ведомства ${testInfo.project.name} ${Date.now()}`;
  // The site's address is asked for before the key exists; the page shows the snippet once issued.
  let snippet = "";
  const host = await startHostPage(() => snippet);
  const origin = host.origin;
  const js = hasJavaScript(testInfo);

  const admin = await signedIn(browser, js, "agency_admin", testInfo);
  await admin.goto("/desk/platform");
  await expect(admin.getByRole("heading", { level: 1, name: "Открытая платформа" })).toBeVisible();
  // Each key's card has an origins field too; the request form is the one with its button.
  const requestForm = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Отправить заявку" }) });
  await field(requestForm, "Сайт").fill(site);
  await field(requestForm, "Адреса сайта (origins)").fill(`${origin}/`);
  await field(requestForm, "Контакт").fill("Отдел сайта, web@mvd.example.ru");
  await requestForm.getByRole("button", { name: "Отправить заявку" }).click();
  await expect(admin.getByRole("status")).toContainText("Заявка отправлена");
  await expect(admin.getByRole("row").filter({ hasText: site })).toContainText("ждёт решения оператора");

  const operator = await signedIn(browser, js, "operator", testInfo);
  await operator.goto("/admin/keys");
  const request = operator.locator("section.key-card").filter({ hasText: site });
  await expect(request).toContainText(origin);
  await saveScreenshot(operator, testInfo, "admin-key-request");
  await request.getByRole("button", { name: "Одобрить и выпустить ключ" }).click();
  await expect(operator.getByRole("status")).toContainText("Заявка одобрена");

  await admin.goto("/desk/platform");
  const card = admin.locator("section.key-card").filter({ hasText: site });
  await expect(card).toContainText("работает");
  snippet = await card.locator("textarea.snippet").inputValue();
  expect(snippet).toMatch(/^<script src="http:\/\/127\.0\.0\.1:\d+\/embed\.js" data-key="pk_[0-9a-f]+" async><\/script>/);
  await saveScreenshot(admin, testInfo, "platform-key-snippet");

  await page.goto(`${origin}/`);
  if (js) {
    const frame = page.getByTitle(FRAME_TITLE).contentFrame();
    await expect(frame.getByRole("button", { name: "Подать жалобу" })).toBeVisible();
  } else {
    await page.getByRole("link", { name: "Подать жалобу" }).click();
    await expect(page.getByRole("button", { name: "Подать жалобу" })).toBeVisible();
  }

  await admin.goto("/desk/platform");
  await card.getByRole("button", { name: "Отозвать ключ" }).click();
  await expect(admin.getByRole("status")).toContainText("Ключ отозван");
  await expect(card).toContainText("отозван");

  await page.goto(`${origin}/`);
  if (js) {
    const frame = page.getByTitle(FRAME_TITLE).contentFrame();
    await expect(frame.getByText(/Виджет на этом сайте отключён/)).toBeVisible();
    await expect(frame.getByRole("button", { name: "Подать жалобу" })).toHaveCount(0);
  } else {
    await page.getByRole("link", { name: "Подать жалобу" }).click();
    await expect(page.getByText(/Виджет на этом сайте отключён/)).toBeVisible();
  }
  await saveScreenshot(page, testInfo, "host-page-revoked-key");

  await operator.goto("/admin/audit?action=widget_key.");
  await expect(operator.getByRole("heading", { level: 1, name: "Журнал действий" })).toBeVisible();
  await expect(operator.getByRole("cell", { name: "widget_key.revoke" }).first()).toBeVisible();
  await saveScreenshot(operator, testInfo, "admin-audit-log");
  await new Promise((resolve) => host.server.close(resolve));
});
