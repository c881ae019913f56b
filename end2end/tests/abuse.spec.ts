import { expect, test } from "@playwright/test";

import { applicantOf, fillComplaint, passportComplaint } from "./support/complaint";
import { createWidgetKey, runState } from "./support/run";
import { createStaffAccount, signInFirstTime } from "./support/staff";
import { hasJavaScript } from "./support/widget";

// The rate limits are raised for this server in scripts/serve.sh, because every spec files
// complaints from 127.0.0.1; the over-limit message is covered by server/tests/it/abuse.rs.

test("operator switches a widget off and on again", async ({ browser, page }, testInfo) => {
  // A key of its own, so that the other specs keep the demo widget.
  const key = createWidgetKey("mvd", [runState().siteUrl]);
  const reason = `Проверка сайта ${testInfo.project.name}`;
  const context = await browser.newContext({ javaScriptEnabled: hasJavaScript(testInfo) });
  const operator = await context.newPage();
  await signInFirstTime(operator, createStaffAccount(testInfo, "operator"), "Выключение-виджета-2026");

  await operator.goto("/admin/keys");
  const card = operator.locator("section.key-card").filter({ hasText: key });
  await card.getByLabel("Причина выключения").fill(reason);
  await card.getByRole("button", { name: "Выключить виджет" }).click();
  await expect(operator.getByRole("status")).toContainText("Виджет выключен");
  await expect(operator.locator("section.key-card").filter({ hasText: key })).toContainText(reason);

  const response = await page.goto(`/w/${key}`);
  expect(response?.status()).toBe(503);
  await expect(page.getByRole("heading", { level: 1, name: "Форма подачи жалобы недоступна" })).toBeVisible();
  await expect(page.getByText(/Приём жалоб через этот виджет временно приостановлен/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Подать жалобу на портале Appello" })).toHaveAttribute("href", "/complaint/mvd");
  await expect(page.getByRole("button", { name: "Подать жалобу" })).toHaveCount(0);

  await operator.goto("/admin/keys");
  await operator.locator("section.key-card").filter({ hasText: key }).getByRole("button", { name: "Включить виджет" }).click();
  await expect(operator.getByRole("status")).toContainText("Виджет включён");
  const back = await page.goto(`/w/${key}`);
  expect(back?.status()).toBe(200);
  await expect(page.getByRole("button", { name: "Подать жалобу" })).toBeVisible();
  await context.close();
});

test("complaint form carries a proof of work", async ({ page }, testInfo) => {
  await page.goto("/complaint/mvd");
  const solution = page.locator('input[name="pow_solution"]');
  if (hasJavaScript(testInfo)) {
    // The WebAssembly starts solving on load and fills the hidden input when it is done.
    await expect(solution).toHaveValue(/^\d+$/);
  } else {
    await expect(solution).toHaveValue("");
  }

  const applicant = applicantOf(testInfo, { surname: "Доказова" }, { surname: "Безскриптова" });
  await fillComplaint(page, passportComplaint(applicant));
  await page.getByRole("button", { name: "Подать жалобу" }).click();
  await expect(page.getByTestId("complaint-number")).toBeVisible();
});
