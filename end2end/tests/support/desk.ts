import { expect, type Locator, type Page } from "@playwright/test";

import { expectReceipt, field, fillComplaint, type Complaint, type Receipt } from "./complaint";

/** Signs in at /desk/login and waits for the inbox. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/desk/login");
  await field(page, "Электронная почта").fill(email);
  await field(page, "Пароль").fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Жалобы: / })).toBeVisible();
}

/** Opens a complaint from the inbox by its number. */
export async function openFromInbox(page: Page, number: string): Promise<void> {
  await page.getByRole("link", { name: number, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Жалоба № ${number}` })).toBeVisible();
}

/** Returns the items of the timeline on a complaint page, oldest first. */
export function timelineItems(page: Page): Locator {
  return page.getByRole("region", { name: "Ход рассмотрения" }).getByRole("listitem");
}

/** Returns the complaint's current status from its list of facts. */
export function currentStatus(page: Page): Locator {
  return page.locator("dt", { hasText: /^Статус$/ }).locator("xpath=following-sibling::dd[1]");
}

/** Registers, starts the review and satisfies the complaint that `page` shows. */
export async function satisfyComplaint(page: Page, decisionText: string): Promise<void> {
  await page.getByRole("button", { name: "Зарегистрировать" }).click();
  await expect(timelineItems(page).filter({ hasText: "Жалоба зарегистрирована" })).toHaveCount(1);

  await page.getByRole("button", { name: "Начать рассмотрение" }).click();
  await expect(timelineItems(page).filter({ hasText: "Начато рассмотрение" })).toHaveCount(1);

  await page.getByRole("radio", { name: "Удовлетворить жалобу" }).check();
  await page.getByRole("radio", { name: "Отмена принятого решения" }).check();
  await field(page, "Текст решения для заявителя").fill(decisionText);
  await page.getByRole("button", { name: "Принять решение" }).click();
  await expect(timelineItems(page).filter({ hasText: "Жалоба удовлетворена" })).toHaveCount(1);
}

/** Returns the value of one fact, such as «Орган» or «Способ подачи», from a complaint's list of facts. */
export function fact(page: Page, term: string): Locator {
  const exactTerm = new RegExp(`^${term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  return page.locator("dt", { hasText: exactTerm }).locator("xpath=following-sibling::dd[1]");
}

/**
 * Returns the form of one action in the desk's action panel, found by its heading, such as
 * «Запросить сведения». Several forms share field labels, so fields are looked up inside it.
 */
export function actionForm(page: Page, title: string): Locator {
  return page
    .getByRole("complementary", { name: "Действия" })
    .locator("form")
    .filter({ has: page.getByRole("heading", { level: 3, name: title, exact: true }) });
}

/** Returns the inbox row of the complaint with `number`. */
export function inboxRow(page: Page, number: string): Locator {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name: number, exact: true }) });
}

/** Returns the rows of the inbox table below its header. */
export function inboxBodyRows(page: Page): Locator {
  return page.getByRole("table").getByRole("row").filter({ has: page.getByRole("cell") });
}

/**
 * Enters a complaint received on paper on `receivedOn` (YYYY-MM-DD) at /desk/new, signed in
 * as a reviewer, and returns the number and access code that the receipt shows.
 */
export async function enterPaperComplaint(page: Page, complaint: Complaint, receivedOn: string): Promise<Receipt> {
  await page.goto("/desk/new");
  await expect(page.getByRole("heading", { level: 1, name: "Жалоба, поступившая на бумаге" })).toBeVisible();
  await field(page, "Дата поступления").fill(receivedOn);
  await fillComplaint(page, complaint);
  await page.getByRole("button", { name: "Подать жалобу" }).click();
  return expectReceipt(page);
}
