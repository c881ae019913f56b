import { expect, type Page } from "@playwright/test";

import type { Receipt } from "./complaint";

/** Opens /status, looks the complaint up by its number and access code, and waits for it. */
export async function lookUpComplaint(page: Page, { number, accessCode }: Receipt): Promise<void> {
  await page.goto("/status");
  await expect(page.getByRole("heading", { level: 1, name: "Статус жалобы" })).toBeVisible();
  await page.getByLabel(/^Номер жалобы/).fill(number);
  await page.getByLabel(/^Код доступа/).fill(accessCode);
  await page.getByRole("button", { name: "Показать жалобу" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Жалоба № ${number}` })).toBeVisible();
}
