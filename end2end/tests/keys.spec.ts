import { expect, test } from "@playwright/test";

import { fillComplaint, passportComplaint } from "./support/complaint";
import { appello, createWidgetKey, runState } from "./support/run";
import { saveScreenshot } from "./support/screenshots";

test("unknown key shows the unavailable page", async ({ page }, testInfo) => {
  const response = await page.goto("/w/pk_0000000000000000000000");

  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Форма подачи жалобы недоступна" })).toBeVisible();
  await expect(page.getByText(/Ключ виджета на этом сайте не найден/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Подать жалобу на портале Appello" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Подать жалобу" })).toHaveCount(0);
  await saveScreenshot(page, testInfo, "widget-unknown-key");

  await page.goto("/w/pk_0000000000000000000000?lang=en");
  await expect(page.getByRole("heading", { level: 1, name: "The complaint form is unavailable" })).toBeVisible();
  await expect(page.getByText(/The widget key on this site was not found/)).toBeVisible();
});

test("revoked key shows the revoked explanation", async ({ page }, testInfo) => {
  const key = createWidgetKey("mvd", [runState().siteUrl]);
  await page.goto(`/w/${key}`);
  await expect(page.getByRole("button", { name: "Подать жалобу" })).toBeVisible();

  expect(appello("keys", "revoke", key)).toContain(`revoked ${key}`);

  // A form opened before the revocation is rejected when sent, and nothing is stored.
  await fillComplaint(page, passportComplaint({ surname: "Ершов", firstName: "Кирилл", patronymic: "Львович" }));
  await page.getByRole("button", { name: "Подать жалобу" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Форма подачи жалобы недоступна" })).toBeVisible();
  await expect(page.getByText(/Виджет на этом сайте отключён/)).toBeVisible();
  await expect(page.getByTestId("complaint-number")).toHaveCount(0);

  const response = await page.goto(`/w/${key}`);

  expect(response?.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1, name: "Форма подачи жалобы недоступна" })).toBeVisible();
  await expect(page.getByText(/Виджет на этом сайте отключён/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Подать жалобу" })).toHaveCount(0);
  await saveScreenshot(page, testInfo, "widget-revoked-key");
});
