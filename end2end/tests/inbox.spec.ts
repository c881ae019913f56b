import { expect, test, type Page } from "@playwright/test";

import { applicantOf, fileComplaintOverHttp, passportComplaint } from "./support/complaint";
import { addDays, formatRussianDate, moscowToday, nextWorkingDay, readStoredCalendar } from "./support/dates";
import {
  actionForm,
  currentStatus,
  enterPaperComplaint,
  inboxBodyRows,
  inboxRow,
  openFromInbox,
  signIn,
  timelineItems,
} from "./support/desk";
import { runState } from "./support/run";
import { saveScreenshot } from "./support/screenshots";

/** Returns the inbox's filter form. */
function filterForm(page: Page) {
  return page.getByRole("form", { name: "Отбор" });
}

/** Chooses `option` in the filter's drop-down list `label` and sends the filter. */
async function filterBy(page: Page, label: string, option: string): Promise<void> {
  await filterForm(page).getByLabel(label, { exact: true }).selectOption({ label: option });
  await filterForm(page).getByRole("button", { name: "Показать" }).click();
}

/** Returns the first cell of a row: the deadline that the complaint's status runs against, with its urgency. */
function deadlineCell(page: Page, number: string) {
  return inboxRow(page, number).getByRole("cell").first();
}

test("inbox flags and filters deadlines", async ({ page, request }, testInfo) => {
  const today = moscowToday();
  const calendar = readStoredCalendar();
  const { email, password } = runState().reviewer;

  // Registration is due on the working day after receipt: later than today for a complaint filed
  // now, long past for one received a month ago, and today for one received yesterday if today is
  // a working day.
  const fresh = await fileComplaintOverHttp(
    request,
    applicantOf(testInfo, { surname: "Андреева", firstName: "Юлия" }, { surname: "Андреев", firstName: "Юрий" }),
  );
  await signIn(page, email, password);
  const monthOld = await enterPaperComplaint(
    page,
    passportComplaint(applicantOf(testInfo, { surname: "Фомина", firstName: "Зоя" }, { surname: "Фомин", firstName: "Захар" })),
    addDays(today, -30),
  );
  const sinceYesterday = await enterPaperComplaint(
    page,
    passportComplaint(applicantOf(testInfo, { surname: "Титова", firstName: "Ева" }, { surname: "Титов", firstName: "Егор" })),
    addDays(today, -1),
  );
  const yesterdayDue = nextWorkingDay(addDays(today, -1), calendar);
  const dueToday = yesterdayDue === today;

  await page.goto("/desk");
  await expect(deadlineCell(page, fresh.number)).toHaveText(`${formatRussianDate(nextWorkingDay(today, calendar))} В срок`);
  await expect(deadlineCell(page, monthOld.number)).toHaveText(
    `${formatRussianDate(nextWorkingDay(addDays(today, -30), calendar))} Просрочено`,
  );
  await expect(deadlineCell(page, sinceYesterday.number)).toHaveText(
    `${formatRussianDate(yesterdayDue)} ${dueToday ? "Истекает сегодня" : "В срок"}`,
  );
  await saveScreenshot(page, testInfo, "desk-inbox-deadlines");

  await filterBy(page, "Срок", "Просроченные");
  await expect(page).toHaveURL(/[?&]deadline=overdue(&|$)/);
  await expect(filterForm(page).getByLabel("Срок", { exact: true })).toHaveValue("overdue");
  await expect(inboxRow(page, monthOld.number)).toBeVisible();
  await expect(inboxRow(page, fresh.number)).toHaveCount(0);
  await expect(inboxRow(page, sinceYesterday.number)).toHaveCount(0);
  await expect(inboxBodyRows(page).filter({ hasNotText: "Просрочено" })).toHaveCount(0);
  await saveScreenshot(page, testInfo, "desk-inbox-overdue");

  await filterBy(page, "Срок", "Срок истекает сегодня");
  await expect(page).toHaveURL(/[?&]deadline=today(&|$)/);
  await expect(inboxRow(page, monthOld.number)).toHaveCount(0);
  await expect(inboxRow(page, fresh.number)).toHaveCount(0);
  if (dueToday) {
    await expect(inboxRow(page, sinceYesterday.number)).toBeVisible();
    await expect(inboxBodyRows(page).filter({ hasNotText: "Истекает сегодня" })).toHaveCount(0);
  } else {
    // Deadlines fall on working days only, so on a day off nothing can be due.
    await expect(page.getByText("Жалоб с такими условиями нет.")).toBeVisible();
  }
  await saveScreenshot(page, testInfo, "desk-inbox-due-today");

  await filterForm(page).getByRole("link", { name: "Сбросить отбор" }).click();
  await expect(filterForm(page).getByLabel("Срок", { exact: true })).toHaveValue("");
  await expect(inboxRow(page, fresh.number)).toBeVisible();
  await expect(inboxRow(page, monthOld.number)).toBeVisible();
});

test("status counts link to the filter", async ({ page, request }, testInfo) => {
  const registered = await fileComplaintOverHttp(
    request,
    applicantOf(testInfo, { surname: "Белова", firstName: "Вера" }, { surname: "Беляев", firstName: "Виктор" }),
  );
  const submitted = await fileComplaintOverHttp(
    request,
    applicantOf(testInfo, { surname: "Карпова", firstName: "Лариса" }, { surname: "Карпов", firstName: "Леонид" }),
  );
  await signIn(page, runState().reviewer.email, runState().reviewer.password);
  await openFromInbox(page, registered.number);
  await page.getByRole("button", { name: "Зарегистрировать" }).click();
  await expect(currentStatus(page)).toHaveText("Зарегистрирована");
  await page.getByRole("link", { name: "К списку жалоб" }).click();

  const counts = page.getByRole("region", { name: "Жалоб по статусам" });
  await expect(counts.getByRole("link", { name: /^Подана: \d+$/ })).toBeVisible();
  await counts.getByRole("link", { name: /^Зарегистрирована: \d+$/ }).click();

  await expect(page).toHaveURL(/[?&]status=registered(&|$)/);
  await expect(filterForm(page).getByLabel("Статус", { exact: true })).toHaveValue("registered");
  await expect(inboxRow(page, registered.number)).toBeVisible();
  await expect(inboxRow(page, submitted.number)).toHaveCount(0);
  await expect(inboxBodyRows(page).filter({ hasNotText: "Зарегистрирована" })).toHaveCount(0);
  await saveScreenshot(page, testInfo, "desk-inbox-registered");

  await filterBy(page, "Статус", "Подана");
  await expect(page).toHaveURL(/[?&]status=submitted(&|$)/);
  await expect(inboxRow(page, submitted.number)).toBeVisible();
  await expect(inboxRow(page, registered.number)).toHaveCount(0);
  await expect(inboxBodyRows(page).filter({ hasNotText: "Подана" })).toHaveCount(0);
});

test("reviewer assigns a complaint to themselves", async ({ page, request }, testInfo) => {
  const { email, password } = runState().reviewer;
  const assigned = await fileComplaintOverHttp(
    request,
    applicantOf(testInfo, { surname: "Лебедева", firstName: "Дина" }, { surname: "Лебедев", firstName: "Денис" }),
  );
  const unassigned = await fileComplaintOverHttp(
    request,
    applicantOf(testInfo, { surname: "Егорова", firstName: "Мила" }, { surname: "Егоров", firstName: "Марк" }),
  );
  await signIn(page, email, password);
  await openFromInbox(page, assigned.number);
  const actions = page.getByRole("complementary", { name: "Действия" });
  await expect(actions.getByRole("paragraph").filter({ hasText: /^Не назначен$/ })).toBeVisible();

  const assignForm = actionForm(page, "Назначить исполнителя");
  await assignForm.getByLabel(/^Исполнитель/).selectOption({ label: email });
  await assignForm.getByRole("button", { name: "Назначить исполнителя" }).click();

  await expect(actions.getByRole("paragraph").filter({ hasText: `Исполнитель: ${email}` })).toBeVisible();
  await expect(currentStatus(page)).toHaveText("Подана");
  await expect(timelineItems(page).last()).toContainText("Назначен исполнитель");
  await expect(timelineItems(page).last()).toContainText(email);
  await saveScreenshot(page, testInfo, "desk-complaint-assigned");

  await page.getByRole("link", { name: "К списку жалоб" }).click();
  await expect(inboxRow(page, assigned.number).getByRole("cell").last()).toHaveText(email);
  await expect(inboxRow(page, unassigned.number).getByRole("cell").last()).toHaveText("");

  await filterBy(page, "Исполнитель", "Мои");
  await expect(page).toHaveURL(/[?&]assignee=me(&|$)/);
  await expect(inboxRow(page, assigned.number)).toBeVisible();
  await expect(inboxRow(page, unassigned.number)).toHaveCount(0);
  await expect(inboxBodyRows(page).filter({ hasNotText: email })).toHaveCount(0);
  await saveScreenshot(page, testInfo, "desk-inbox-mine");

  await filterBy(page, "Исполнитель", "Без исполнителя");
  await expect(inboxRow(page, unassigned.number)).toBeVisible();
  await expect(inboxRow(page, assigned.number)).toHaveCount(0);
});
