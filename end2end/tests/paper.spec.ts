import { expect, test } from "@playwright/test";

import {
  applicantOf,
  expectComplaintKept,
  expectReceipt,
  field,
  fillComplaint,
  passportComplaint,
} from "./support/complaint";
import { addDays, formatRussianDate, moscowToday, nextWorkingDay, readStoredCalendar } from "./support/dates";
import { currentStatus, fact, inboxRow, openFromInbox, signIn, timelineItems } from "./support/desk";
import { runState } from "./support/run";
import { saveScreenshot } from "./support/screenshots";
import { lookUpComplaint } from "./support/status";

const PAPER_CHANNEL = "Письменно или на личном приёме";

/** Returns the urgency word that a complaint page shows next to a deadline, or "" for one still ahead. */
function urgencyWord(due: string, today: string): string {
  if (due < today) {
    return "Просрочено";
  }
  return due === today ? "Истекает сегодня" : "";
}

test("reviewer enters a paper complaint", async ({ page }, testInfo) => {
  const today = moscowToday();
  const receivedOn = addDays(today, -3);
  const complaint = passportComplaint(
    applicantOf(testInfo, { surname: "Павлова", firstName: "Кира" }, { surname: "Павлов", firstName: "Кирилл" }),
  );
  const { email, password } = runState().reviewer;

  await signIn(page, email, password);
  await page.getByRole("link", { name: "Внести жалобу, поступившую на бумаге" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Жалоба, поступившая на бумаге" })).toBeVisible();

  // A receipt date after today is rejected, and the rest of the form is kept.
  const receivedField = field(page, "Дата поступления");
  await receivedField.fill(addDays(today, 1));
  await fillComplaint(page, complaint);
  await page.getByRole("button", { name: "Подать жалобу" }).click();
  await expect(receivedField).toHaveAccessibleDescription(/Поле «Дата поступления»: дата не может быть позже сегодняшней\./);
  await expect(page.getByRole("alert").filter({ hasText: "Исправьте ошибки в форме" })).toBeVisible();
  await expectComplaintKept(page, complaint, "ru");
  await saveScreenshot(page, testInfo, "desk-paper-future-date");

  await receivedField.fill(receivedOn);
  await saveScreenshot(page, testInfo, "desk-paper-form");
  await page.getByRole("button", { name: "Подать жалобу" }).click();

  const receipt = await expectReceipt(page);
  await expect(page.getByText("Передайте заявителю номер жалобы и код доступа: код больше нигде не показывается.")).toBeVisible();
  await saveScreenshot(page, testInfo, "desk-paper-receipt");

  await page.getByRole("link", { name: "К списку жалоб" }).click();
  const row = inboxRow(page, receipt.number);
  await expect(row).toContainText(`${complaint.surname} ${complaint.firstName} ${complaint.patronymic}`);
  await expect(row).toContainText(`${formatRussianDate(receivedOn)} 12:00`);
  await expect(row).toContainText("Подана");

  await openFromInbox(page, receipt.number);
  await expect(currentStatus(page)).toHaveText("Подана");
  await expect(fact(page, "Способ подачи")).toHaveText(PAPER_CHANNEL);
  await expect(fact(page, "Поступила")).toHaveText(`${formatRussianDate(receivedOn)} 12:00`);
  const registrationDue = nextWorkingDay(receivedOn, readStoredCalendar());
  await expect(fact(page, "Регистрация — не позднее")).toHaveText(
    `${formatRussianDate(registrationDue)} ${urgencyWord(registrationDue, today)}`.trim(),
  );
  await expect(timelineItems(page)).toHaveCount(1);
  await expect(timelineItems(page).first()).toContainText("Жалоба подана");
  await expect(timelineItems(page).first()).toContainText(email);
  await saveScreenshot(page, testInfo, "desk-paper-complaint");

  // The applicant follows it on /status with the number and code handed over.
  await lookUpComplaint(page, receipt);
  await expect(currentStatus(page)).toHaveText("Подана");
  await expect(fact(page, "Способ подачи")).toHaveText(PAPER_CHANNEL);
  await expect(page.getByRole("region", { name: "Ход рассмотрения" })).not.toContainText(email);
  await saveScreenshot(page, testInfo, "status-paper-complaint");
});
