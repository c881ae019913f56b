import { expect, test, type Page } from "@playwright/test";

import { applicantOf, fileComplaintOverHttp, NUMBER_PATTERN } from "./support/complaint";
import { actionForm, currentStatus, fact, inboxRow, openFromInbox, timelineItems } from "./support/desk";
import { saveScreenshot } from "./support/screenshots";
import { createStaffAccount, openDeskAsDemoReviewer, signInFirstTime } from "./support/staff";
import { lookUpComplaint } from "./support/status";

const INFO_REQUEST =
  "Приложите, пожалуйста, копию расписки-уведомления о приёме документов на замену паспорта " +
  "и укажите, в какое окно отделения вы их сдавали.";

const INFO_ANSWER =
  "Расписка № 77-1045 от 2 октября 2026 г. выдана в окне № 3; её скан отправлен на электронную почту отделения. " +
  "Документы принимала инспектор Никитина Е. В.";

const REDIRECT_MESSAGE =
  "Обжалуется отказ в постановке на учёт в налоговом органе: рассмотрение этого вопроса относится к ФНС России.";

const ABUSIVE_REASON = "Нецензурные или оскорбительные выражения, угрозы жизни, здоровью и имуществу";
const ABUSIVE_NOTICE =
  "Жалоба оставлена без ответа по существу поставленных в ней вопросов, так как содержит нецензурные либо " +
  "оскорбительные выражения или угрозы жизни, здоровью и имуществу должностного лица и членов его семьи. " +
  "Сообщаем о недопустимости злоупотребления правом.";

/** The buttons of the desk actions for open complaints, which is every action but the prosecutor referral. */
const OPEN_COMPLAINT_ACTIONS = [
  "Зарегистрировать",
  "Начать рассмотрение",
  "Запросить сведения",
  "Принять решение",
  "Отметить устранение нарушения",
  "Направить в уполномоченный орган",
  "Оставить без ответа",
  "Назначить исполнителя",
];

async function expectNoOpenComplaintActions(desk: Page): Promise<void> {
  for (const name of OPEN_COMPLAINT_ACTIONS) {
    await expect(desk.getByRole("button", { name, exact: true }), `the button «${name}»`).toHaveCount(0);
  }
}

test("citizen answers an information request", async ({ page, browser, request }, testInfo) => {
  const receipt = await fileComplaintOverHttp(
    request,
    applicantOf(testInfo, { surname: "Кузнецова", firstName: "Ольга" }, { surname: "Кузнецов", firstName: "Олег" }),
  );
  const desk = await openDeskAsDemoReviewer(browser, testInfo);
  await openFromInbox(desk, receipt.number);
  await desk.getByRole("button", { name: "Зарегистрировать" }).click();
  await expect(currentStatus(desk)).toHaveText("Зарегистрирована");

  const requestForm = actionForm(desk, "Запросить сведения");
  await requestForm.getByLabel(/^Текст для заявителя/).fill(INFO_REQUEST);
  await requestForm.getByRole("button", { name: "Запросить сведения" }).click();
  await expect(currentStatus(desk)).toHaveText("Запрошены сведения");
  await expect(timelineItems(desk).last()).toContainText("Запрошены дополнительные сведения");
  await expect(timelineItems(desk).last()).toContainText(INFO_REQUEST);

  await lookUpComplaint(page, receipt);
  await expect(currentStatus(page)).toHaveText("Запрошены сведения");
  const infoRequest = page.getByRole("region", { name: "Орган запросил дополнительные сведения" });
  await expect(infoRequest).toBeVisible();
  await expect(infoRequest).toContainText(INFO_REQUEST);
  await saveScreenshot(page, testInfo, "status-info-requested");

  // An empty answer is rejected with the field named, and nothing changes.
  await infoRequest.getByRole("button", { name: "Отправить ответ" }).click();
  await expect(infoRequest.getByText("Заполните поле «Ваш ответ».").first()).toBeVisible();
  await expect(currentStatus(page)).toHaveText("Запрошены сведения");

  await infoRequest.getByLabel(/^Ваш ответ/).fill(INFO_ANSWER);
  await saveScreenshot(page, testInfo, "status-info-answer-typed");
  await infoRequest.getByRole("button", { name: "Отправить ответ" }).click();

  await expect(currentStatus(page)).toHaveText("На рассмотрении");
  await expect(page.getByRole("region", { name: "Орган запросил дополнительные сведения" })).toHaveCount(0);
  const answered = timelineItems(page).last();
  await expect(answered).toContainText("Заявитель представил сведения");
  await expect(answered).toContainText("(заявитель)");
  await expect(answered).toContainText(INFO_ANSWER);
  await saveScreenshot(page, testInfo, "status-info-answered");

  await desk.reload();
  await expect(currentStatus(desk)).toHaveText("На рассмотрении");
  await expect(timelineItems(desk).last()).toContainText("Заявитель представил сведения");
  await expect(timelineItems(desk).last()).toContainText(INFO_ANSWER);
  await expect(desk.getByRole("button", { name: "Принять решение" })).toBeVisible();
  await saveScreenshot(desk, testInfo, "desk-info-answered");
  await desk.context().close();
});

/** A small PDF: the server checks only that the content starts with `%PDF-`. */
const SCAN_PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" +
    "trailer << /Root 1 0 R >>\n%%EOF\n",
);
const SCAN_NAME = "расписка-77-1045.pdf";

test("citizen answers with a PDF file", async ({ page, browser, request }, testInfo) => {
  const receipt = await fileComplaintOverHttp(
    request,
    applicantOf(testInfo, { surname: "Лебедева", firstName: "Вера" }, { surname: "Лебедев", firstName: "Виктор" }),
  );
  const desk = await openDeskAsDemoReviewer(browser, testInfo);
  await openFromInbox(desk, receipt.number);
  await desk.getByRole("button", { name: "Зарегистрировать" }).click();
  await expect(currentStatus(desk)).toHaveText("Зарегистрирована");
  const requestForm = actionForm(desk, "Запросить сведения");
  await requestForm.getByLabel(/^Текст для заявителя/).fill(INFO_REQUEST);
  await requestForm.getByRole("button", { name: "Запросить сведения" }).click();
  await expect(currentStatus(desk)).toHaveText("Запрошены сведения");

  await lookUpComplaint(page, receipt);
  const infoRequest = page.getByRole("region", { name: "Орган запросил дополнительные сведения" });
  await expect(infoRequest.getByText("PDF, JPEG или PNG: до 5 файлов за раз")).toBeVisible();
  await infoRequest.getByLabel(/^Ваш ответ/).fill(INFO_ANSWER);
  await infoRequest.getByLabel(/^Файлы/).setInputFiles({ name: SCAN_NAME, mimeType: "application/pdf", buffer: SCAN_PDF });
  await infoRequest.getByRole("button", { name: "Отправить ответ" }).click();

  await expect(currentStatus(page)).toHaveText("На рассмотрении");
  // The step's files are a list inside its list item, so the step is found by its text.
  const answered = timelineItems(page).filter({ hasText: "Заявитель представил сведения" });
  await expect(answered).toContainText(INFO_ANSWER);
  await expect(answered.getByRole("button", { name: SCAN_NAME })).toBeVisible();
  await saveScreenshot(page, testInfo, "status-answer-with-file");

  await desk.reload();
  const link = timelineItems(desk).filter({ hasText: "Заявитель представил сведения" }).getByRole("link", { name: SCAN_NAME });
  await expect(link).toBeVisible();
  const download = desk.waitForEvent("download");
  await link.click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(SCAN_NAME);
  await desk.context().close();
});

test("reviewer forwards to another body", async ({ page, browser, request }, testInfo) => {
  const receipt = await fileComplaintOverHttp(
    request,
    applicantOf(testInfo, { surname: "Морозова", firstName: "Ирина" }, { surname: "Морозов", firstName: "Илья" }),
  );
  const desk = await openDeskAsDemoReviewer(browser, testInfo);
  await openFromInbox(desk, receipt.number);

  // The body must be chosen, but the message is optional.
  const redirectForm = actionForm(desk, "Направить в уполномоченный орган");
  await redirectForm.getByRole("button", { name: "Направить в уполномоченный орган" }).click();
  await expect(
    actionForm(desk, "Направить в уполномоченный орган").getByText("Выберите значение в поле «Уполномоченный орган».").first(),
  ).toBeVisible();
  await expect(currentStatus(desk)).toHaveText("Подана");

  await redirectForm.getByLabel(/^Уполномоченный орган/).selectOption({ label: "ФНС России" });
  await redirectForm.getByLabel(/^Текст для заявителя/).fill(REDIRECT_MESSAGE);
  await saveScreenshot(desk, testInfo, "desk-redirect-form");
  await redirectForm.getByRole("button", { name: "Направить в уполномоченный орган" }).click();

  await expect(currentStatus(desk)).toHaveText("Направлена в уполномоченный орган");
  const notice = desk.getByText(/^Жалоба направлена в уполномоченный орган \(Федеральная налоговая служба\)/);
  await expect(notice).toBeVisible();
  const newNumber = /под № (\d{4}-\d{5}-\d{5})/.exec(await notice.innerText())?.[1] ?? "";
  expect(newNumber, "the new number in the forwarding notice").toMatch(NUMBER_PATTERN);
  expect(newNumber).not.toBe(receipt.number);
  const forwarded = timelineItems(desk).last();
  await expect(forwarded).toContainText("Жалоба направлена в уполномоченный орган");
  await expect(forwarded).toContainText(`Новый номер жалобы — ${newNumber}; код доступа прежний.`);
  await expect(forwarded).toContainText(REDIRECT_MESSAGE);
  await expectNoOpenComplaintActions(desk);
  await saveScreenshot(desk, testInfo, "desk-redirected");

  await lookUpComplaint(page, receipt);
  await expect(currentStatus(page)).toHaveText("Направлена в уполномоченный орган");
  await expect(page.getByText(/^Жалоба направлена в уполномоченный орган \(Федеральная налоговая служба\)/)).toContainText(
    `под № ${newNumber}`,
  );
  await expect(timelineItems(page).last()).toContainText(REDIRECT_MESSAGE);
  await expect(page.getByRole("button", { name: "Отозвать жалобу" })).toHaveCount(0);
  await saveScreenshot(page, testInfo, "status-redirected");

  // The forwarded complaint opens with its new number and the code the citizen already has.
  await lookUpComplaint(page, { number: newNumber, accessCode: receipt.accessCode });
  await expect(currentStatus(page)).toHaveText("Подана");
  await expect(fact(page, "Орган")).toContainText("Федеральная налоговая служба");
  await expect(page.getByText(`Жалоба поступила из другого органа, где была подана под № ${receipt.number}.`)).toBeVisible();
  await expect(timelineItems(page)).toHaveCount(1);
  await expect(timelineItems(page).first()).toContainText("Жалоба подана");
  await saveScreenshot(page, testInfo, "status-redirected-new-number");

  // A reviewer of the tax service finds it in their inbox as a new complaint.
  const fnsReviewer = createStaffAccount(testInfo, "reviewer", "fns");
  await desk.getByRole("button", { name: "Выйти" }).click();
  await signInFirstTime(desk, fnsReviewer, "Налоговая-2026-переадресация");
  await expect(desk.getByRole("heading", { level: 1, name: "Жалобы: ФНС России" })).toBeVisible();
  await expect(desk.getByRole("link", { name: receipt.number, exact: true })).toHaveCount(0);
  await openFromInbox(desk, newNumber);
  await expect(currentStatus(desk)).toHaveText("Подана");
  await expect(desk.getByText(`Жалоба поступила из другого органа, где была подана под № ${receipt.number}.`)).toBeVisible();
  await expect(desk.getByRole("button", { name: "Зарегистрировать" })).toBeVisible();
  await saveScreenshot(desk, testInfo, "desk-fns-forwarded-complaint");
  await desk.context().close();
});

test("citizen withdraws the complaint", async ({ page, browser, request }, testInfo) => {
  const receipt = await fileComplaintOverHttp(
    request,
    applicantOf(testInfo, { surname: "Волкова", firstName: "Софья" }, { surname: "Волков", firstName: "Семён" }),
  );
  await lookUpComplaint(page, receipt);
  const withdrawal = page.getByRole("region", { name: "Отозвать жалобу" });
  await expect(withdrawal).toBeVisible();

  // Without the tick nothing is withdrawn, and the box carries an error.
  await withdrawal.getByRole("button", { name: "Отозвать жалобу" }).click();
  const confirm = page.getByRole("checkbox", { name: "Я отзываю эту жалобу" });
  await expect(confirm).toHaveAttribute("aria-invalid", "true");
  await expect(confirm).toHaveAccessibleDescription(/\S/);
  await expect(currentStatus(page)).toHaveText("Подана");
  await expect(timelineItems(page)).toHaveCount(1);
  await saveScreenshot(page, testInfo, "status-withdraw-unconfirmed");

  await confirm.check();
  await page.getByRole("region", { name: "Отозвать жалобу" }).getByRole("button", { name: "Отозвать жалобу" }).click();

  await expect(currentStatus(page)).toHaveText("Отозвана заявителем");
  await expect(page.getByRole("region", { name: "Отозвать жалобу" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Отозвать жалобу" })).toHaveCount(0);
  await expect(timelineItems(page).last()).toContainText("Жалоба отозвана заявителем");
  await expect(timelineItems(page).last()).toContainText("(заявитель)");
  await saveScreenshot(page, testInfo, "status-withdrawn");

  const desk = await openDeskAsDemoReviewer(browser, testInfo);
  await openFromInbox(desk, receipt.number);
  await expect(currentStatus(desk)).toHaveText("Отозвана заявителем");
  await expect(timelineItems(desk).last()).toContainText("Жалоба отозвана заявителем");
  await expectNoOpenComplaintActions(desk);
  // Signs of an offence may still be reported to the prosecutor whatever the status.
  await expect(desk.getByRole("button", { name: "Направить материалы в прокуратуру" })).toBeVisible();
  await saveScreenshot(desk, testInfo, "desk-withdrawn");

  // In the inbox the withdrawn complaint has its new status and no deadline to flag.
  await desk.getByRole("link", { name: "К списку жалоб" }).click();
  await expect(inboxRow(desk, receipt.number)).toContainText("Отозвана заявителем");
  await expect(inboxRow(desk, receipt.number).getByRole("cell").first()).toHaveText("");
  await desk.context().close();
});

test("reviewer leaves an abusive complaint unanswered", async ({ page, browser, request }, testInfo) => {
  const receipt = await fileComplaintOverHttp(
    request,
    applicantOf(testInfo, { surname: "Соловьёва", firstName: "Нина" }, { surname: "Соловьёв", firstName: "Никита" }),
  );
  const desk = await openDeskAsDemoReviewer(browser, testInfo);
  await openFromInbox(desk, receipt.number);
  await desk.getByRole("button", { name: "Зарегистрировать" }).click();
  await expect(currentStatus(desk)).toHaveText("Зарегистрирована");

  // The reason must be chosen.
  await actionForm(desk, "Оставить без ответа").getByRole("button", { name: "Оставить без ответа" }).click();
  await expect(
    actionForm(desk, "Оставить без ответа").getByText("Выберите значение в поле «Основание».").first(),
  ).toBeVisible();
  await expect(currentStatus(desk)).toHaveText("Зарегистрирована");

  const unansweredForm = actionForm(desk, "Оставить без ответа");
  await unansweredForm.getByRole("radio", { name: ABUSIVE_REASON, exact: true }).check();
  await saveScreenshot(desk, testInfo, "desk-leave-unanswered-form");
  await unansweredForm.getByRole("button", { name: "Оставить без ответа" }).click();

  await expect(currentStatus(desk)).toHaveText("Оставлена без ответа");
  await expect(timelineItems(desk).last()).toContainText("Жалоба оставлена без ответа");
  await expect(timelineItems(desk).last()).toContainText(ABUSIVE_NOTICE);
  await expectNoOpenComplaintActions(desk);
  await saveScreenshot(desk, testInfo, "desk-left-unanswered");

  await lookUpComplaint(page, receipt);
  await expect(currentStatus(page)).toHaveText("Оставлена без ответа");
  await expect(page.getByText(`Жалоба оставлена без ответа: ${ABUSIVE_REASON}`)).toBeVisible();
  const lastStep = timelineItems(page).last();
  await expect(lastStep).toContainText("Жалоба оставлена без ответа");
  await expect(lastStep).toContainText(ABUSIVE_NOTICE);
  await expect(page.getByRole("button", { name: "Отозвать жалобу" })).toHaveCount(0);
  await saveScreenshot(page, testInfo, "status-left-unanswered");
  await desk.context().close();
});

test("withdrawal error names the box to tick", async ({ page, request }, testInfo) => {
  const receipt = await fileComplaintOverHttp(
    request,
    applicantOf(testInfo, { surname: "Гусева", firstName: "Алла" }, { surname: "Гусев", firstName: "Антон" }),
  );
  await lookUpComplaint(page, receipt);

  await page.getByRole("region", { name: "Отозвать жалобу" }).getByRole("button", { name: "Отозвать жалобу" }).click();

  const confirm = page.getByRole("checkbox", { name: "Я отзываю эту жалобу" });
  await expect(confirm).toHaveAccessibleDescription(/«Я отзываю эту жалобу»/);
});

test("forwarding notice does not claim registration", async ({ page, browser, request }, testInfo) => {
  const receipt = await fileComplaintOverHttp(
    request,
    applicantOf(testInfo, { surname: "Зуева", firstName: "Лидия" }, { surname: "Зуев", firstName: "Лев" }),
  );
  const desk = await openDeskAsDemoReviewer(browser, testInfo);
  await openFromInbox(desk, receipt.number);
  const redirectForm = actionForm(desk, "Направить в уполномоченный орган");
  await redirectForm.getByLabel(/^Уполномоченный орган/).selectOption({ label: "ФНС России" });
  await redirectForm.getByRole("button", { name: "Направить в уполномоченный орган" }).click();
  await expect(currentStatus(desk)).toHaveText("Направлена в уполномоченный орган");
  await desk.context().close();

  await lookUpComplaint(page, receipt);

  const notice = page.getByText(/^Жалоба направлена в уполномоченный орган \(Федеральная налоговая служба\)/);
  await expect(notice).toBeVisible();
  await expect(notice).not.toContainText("зарегистрирована");
});
