import { expect, test } from "@playwright/test";

import { field, fileComplaintOverHttp } from "./support/complaint";
import { currentStatus, openFromInbox, signIn, timelineItems } from "./support/desk";
import { appello, runState } from "./support/run";
import { saveScreenshot } from "./support/screenshots";
import { REVIEWER_PROFILE } from "./support/staff";

const DECISION_TEXT =
  "Жалоба признана обоснованной: паспорт не выдан в установленный срок из-за задержки поставки бланков. " +
  "Решение о переносе срока выдачи отменено, паспорт будет выдан 20 октября 2026 г. в отделении по месту подачи заявления. " +
  "Начальнику отделения указано на недопустимость нарушения сроков.";

test("reviewer registers, reviews and satisfies", async ({ page, request }, testInfo) => {
  const { number } = await fileComplaintOverHttp(request, {
    surname: "Белов",
    firstName: testInfo.project.name === "js" ? "Игорь" : "Степан",
    patronymic: "Андреевич",
  });
  const { email, password } = runState().reviewer;

  await signIn(page, email, password);
  await expect(page.getByRole("heading", { level: 1, name: "Жалобы: МВД России" })).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: number, exact: true }) });
  await expect(row).toContainText("Выдача и замена паспорта гражданина Российской Федерации");
  await expect(row).toContainText("Подана");
  await saveScreenshot(page, testInfo, "desk-inbox");

  await openFromInbox(page, number);
  await expect(currentStatus(page)).toHaveText("Подана");
  await expect(timelineItems(page)).toHaveCount(1);
  await expect(timelineItems(page).first()).toContainText("Жалоба подана");
  await saveScreenshot(page, testInfo, "desk-complaint-submitted");

  await page.getByRole("button", { name: "Зарегистрировать" }).click();
  await expect(currentStatus(page)).toHaveText("Зарегистрирована");
  await expect(timelineItems(page)).toHaveCount(2);
  await expect(timelineItems(page).nth(1)).toContainText("Жалоба зарегистрирована");
  await expect(timelineItems(page).nth(1)).toContainText(email);
  await expect(page.getByRole("button", { name: "Зарегистрировать" })).toHaveCount(0);

  await page.getByRole("button", { name: "Начать рассмотрение" }).click();
  await expect(currentStatus(page)).toHaveText("На рассмотрении");
  await expect(timelineItems(page)).toHaveCount(3);
  await expect(timelineItems(page).nth(2)).toContainText("Начато рассмотрение");

  await page.getByRole("radio", { name: "Удовлетворить жалобу" }).check();
  await page.getByRole("radio", { name: "Отмена принятого решения" }).check();
  await page.getByLabel(/^Текст решения для заявителя/).fill(DECISION_TEXT);
  await saveScreenshot(page, testInfo, "desk-complaint-decision-form");
  await page.getByRole("button", { name: "Принять решение" }).click();

  await expect(currentStatus(page)).toHaveText("Удовлетворена");
  await expect(page.getByRole("heading", { name: "Решение: жалоба удовлетворена" })).toBeVisible();
  await expect(page.getByText("Отмена принятого решения", { exact: true })).toBeVisible();
  await expect(timelineItems(page)).toHaveCount(4);
  await expect(timelineItems(page).nth(3)).toContainText("Жалоба удовлетворена");
  await expect(page.getByRole("button", { name: "Принять решение" })).toHaveCount(0);
  await saveScreenshot(page, testInfo, "desk-complaint-decided");

  // A satisfied complaint waits for the remedy, which the reviewer records when it is done.
  await page.getByLabel(/^Текст для заявителя/).fill("Паспорт выдан заявителю 20 октября 2026 г.");
  await page.getByRole("button", { name: "Отметить устранение нарушения" }).click();
  await expect(currentStatus(page)).toHaveText("Нарушение устранено");
  await expect(timelineItems(page)).toHaveCount(5);
  await expect(timelineItems(page).nth(4)).toContainText("Нарушение устранено");
  await expect(page.getByRole("button", { name: "Отметить устранение нарушения" })).toHaveCount(0);

  await page.getByRole("link", { name: "К списку жалоб" }).click();
  await expect(row).toContainText("Нарушение устранено");
});

test("reviewer of another body is kept out", async ({ page, request }, testInfo) => {
  const receipt = await fileComplaintOverHttp(request, {
    surname: "Зайцева",
    firstName: testInfo.project.name === "js" ? "Елена" : "Вера",
    patronymic: "Олеговна",
  });
  const email = `reviewer.fns.${testInfo.project.name}.${Date.now()}@appello.example`;
  const created = appello("users", "create", "--role", "reviewer", "--org", "fns", ...REVIEWER_PROFILE, "--email", email);
  const oneTimePassword = /one-time password: (\S+)/.exec(created)?.[1] ?? "";
  expect(oneTimePassword, "one-time password printed by appello users create").not.toBe("");

  // A one-time password leads to the password page before anything else.
  await page.goto("/desk/login");
  await field(page, "Электронная почта").fill(email);
  await field(page, "Пароль").fill(oneTimePassword);
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Смена пароля" })).toBeVisible();
  const newPassword = "Налоговая-2026-надёжный";
  await page.getByLabel("Новый пароль (обязательное поле)", { exact: true }).fill(newPassword);
  await page.getByLabel("Новый пароль ещё раз (обязательное поле)", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "Сохранить пароль" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Жалобы: ФНС России" })).toBeVisible();
  await expect(page.getByRole("link", { name: receipt.number, exact: true })).toHaveCount(0);

  const response = await page.goto(`/desk/c/${receipt.number}`);
  expect(response?.status()).toBe(403);
  await expect(page.getByText("Эта страница или жалоба относится к другому органу либо недоступна для вашей роли.")).toBeVisible();
  await expect(page.getByText("Зайцева")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Зарегистрировать" })).toHaveCount(0);

  // A forged action with this reviewer's own session and CSRF token changes nothing.
  await page.goto("/desk");
  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  const forged = await page.request.post(`/desk/c/${receipt.number}`, { form: { csrf, action: "register" } });
  expect(forged.status()).toBe(403);

  await page.goto("/status");
  await page.getByLabel(/^Номер жалобы/).fill(receipt.number);
  await page.getByLabel(/^Код доступа/).fill(receipt.accessCode);
  await page.getByRole("button", { name: "Показать жалобу" }).click();
  await expect(currentStatus(page)).toHaveText("Подана");
  await expect(timelineItems(page)).toHaveCount(1);
});
