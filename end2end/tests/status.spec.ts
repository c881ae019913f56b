import { expect, test, type APIRequestContext, type Browser, type Page, type TestInfo } from "@playwright/test";

import { fileComplaintOverHttp, type Complaint, type Receipt } from "./support/complaint";
import { currentStatus, openFromInbox, satisfyComplaint, signIn, timelineItems } from "./support/desk";
import { runState } from "./support/run";
import { saveScreenshot } from "./support/screenshots";

const DECISION_TEXT =
  "Жалоба удовлетворена. Паспорт оформлен и будет выдан 20 октября 2026 г. с 9:00 до 18:00 " +
  "в отделении по вопросам миграции по адресу: г. Москва, ул. Сущёвский Вал, д. 5.";

/** Files a complaint and has the reviewer satisfy it in a browser context of their own. */
async function fileAndSatisfy(
  browser: Browser,
  request: APIRequestContext,
  testInfo: TestInfo,
  applicant: Partial<Complaint>,
): Promise<Receipt> {
  const receipt = await fileComplaintOverHttp(request, applicant);

  const desk = await browser.newContext({
    baseURL: runState().portalUrl,
    javaScriptEnabled: testInfo.project.use.javaScriptEnabled,
  });
  const deskPage = await desk.newPage();
  await signIn(deskPage, runState().reviewer.email, runState().reviewer.password);
  await openFromInbox(deskPage, receipt.number);
  await satisfyComplaint(deskPage, DECISION_TEXT);
  await desk.close();
  return receipt;
}

/** Opens /status and looks the complaint up by its number and access code. */
async function lookUp(page: Page, number: string, accessCode: string): Promise<void> {
  await page.goto("/status");
  await expect(page.getByRole("heading", { level: 1, name: "Статус жалобы" })).toBeVisible();
  await page.getByLabel(/^Номер жалобы/).fill(number);
  await page.getByLabel(/^Код доступа/).fill(accessCode);
  await page.getByRole("button", { name: "Показать жалобу" }).click();
}

test("citizen sees the decision on /status", async ({ page, browser, request }, testInfo) => {
  const receipt = await fileAndSatisfy(browser, request, testInfo, {
    surname: "Орлова",
    firstName: testInfo.project.name === "js" ? "Мария" : "Дарья",
    patronymic: "Сергеевна",
  });

  await lookUp(page, receipt.number, receipt.accessCode);

  await expect(page.getByRole("heading", { level: 1, name: `Жалоба № ${receipt.number}` })).toBeVisible();
  await expect(currentStatus(page)).toHaveText("Удовлетворена");
  await expect(page.getByRole("heading", { name: "Решение: жалоба удовлетворена" })).toBeVisible();
  await expect(page.getByText("Отмена принятого решения", { exact: true })).toBeVisible();
  await expect(page.getByText(DECISION_TEXT).first()).toBeVisible();
  await expect(page.getByText("Виджет на сайте органа")).toBeVisible();

  const steps = timelineItems(page);
  await expect(steps).toHaveCount(4);
  await expect(steps.nth(0)).toContainText("Жалоба подана");
  await expect(steps.nth(1)).toContainText("Жалоба зарегистрирована");
  await expect(steps.nth(2)).toContainText("Начато рассмотрение");
  await expect(steps.nth(3)).toContainText("Жалоба удовлетворена");
  // The applicant sees "staff of the body" as the actor, not the reviewer's e-mail address.
  await expect(page.getByRole("region", { name: "Ход рассмотрения" })).not.toContainText(runState().reviewer.email);
  await saveScreenshot(page, testInfo, "status-decided");
});

test("decision date has its own label", async ({ page, browser, request }, testInfo) => {
  const receipt = await fileAndSatisfy(browser, request, testInfo, {
    surname: "Лебедев",
    firstName: testInfo.project.name === "js" ? "Роман" : "Глеб",
    patronymic: "Юрьевич",
  });

  await lookUp(page, receipt.number, receipt.accessCode);

  const decision = page.getByRole("region", { name: "Решение: жалоба удовлетворена" });
  await expect(decision.getByRole("term")).toHaveCount(3);
  await expect(decision.getByRole("term").first()).toHaveText("Дата решения");
});

test("status lookup rejects a wrong code", async ({ page, request }, testInfo) => {
  const receipt = await fileComplaintOverHttp(request, {
    surname: "Голубев",
    firstName: testInfo.project.name === "js" ? "Павел" : "Артём",
    patronymic: "Ильич",
  });
  const wrongCode = receipt.accessCode.startsWith("A") ? "BBBBB-BBBBB" : "AAAAA-AAAAA";

  await lookUp(page, receipt.number, wrongCode);
  await saveScreenshot(page, testInfo, "status-lookup-rejected");

  await expect(page.locator("#error-code")).toContainText("Жалоба с таким номером и кодом не найдена.");
  await expect(page.getByLabel(/^Номер жалобы/)).toHaveValue(receipt.number);
  await expect(page.getByLabel(/^Код доступа/)).toHaveValue("");
  await expect(page.getByRole("heading", { name: `Жалоба № ${receipt.number}` })).toHaveCount(0);
});
