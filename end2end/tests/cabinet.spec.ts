import { expect, test, type Page, type TestInfo } from "@playwright/test";

import { expectReceipt, field, fileComplaintOverHttp, fillComplaint, passportComplaint, TEXTS } from "./support/complaint";
import { satisfyComplaint, signIn, timelineItems } from "./support/desk";
import { signInCode, signInLink, waitForMail } from "./support/mail";
import { runState } from "./support/run";
import { saveScreenshot } from "./support/screenshots";
import { openWidgetFromAgencySite } from "./support/widget";

/**
 * Returns an address of this test alone: the js and nojs projects share the portal and its mail, so
 * each journey needs its own applicant.
 */
function addressOf(testInfo: TestInfo, name: string): string {
  return `${name}.${testInfo.project.name}.${testInfo.retry}@example.ru`;
}

/** Returns the row of a complaint in the cabinet's table. */
function cabinetRow(page: Page, number: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name: number, exact: true }) });
}

test.describe("citizen cabinet", () => {
  test("widget complaint joins cabinet, decision mailed", async ({ page }, testInfo) => {
    const email = addressOf(testInfo, "widget-applicant");
    const form = await openWidgetFromAgencySite(page, testInfo);
    await fillComplaint(form, passportComplaint({ email, surname: "Белова" }));
    await form.getByRole("button", { name: TEXTS.ru.submit }).click();
    const receipt = await expectReceipt(form);

    // The notice of receipt carries a sign-in link; opening it asks for a button press first,
    // so that a mail scanner fetching the link opens no session.
    const received = await waitForMail(email, `Жалоба № ${receipt.number}`);
    expect(received.text).toContain(`Ваша жалоба № ${receipt.number}`);
    await page.goto(signInLink(received));
    await expect(page.getByRole("heading", { level: 1, name: "Вход по ссылке из письма" })).toBeVisible();
    await saveScreenshot(page, testInfo, "cabinet-link");
    await page.getByRole("button", { name: "Войти в личный кабинет" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Мои жалобы" })).toBeVisible();
    await expect(page.getByText(`Вы вошли как ${email}`)).toBeVisible();
    const row = cabinetRow(page, receipt.number);
    await expect(row).toContainText("Подана");
    await expect(row).toContainText("Министерство внутренних дел Российской Федерации");
    await saveScreenshot(page, testInfo, "cabinet-list");

    await row.getByRole("link", { name: receipt.number }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Жалоба № ${receipt.number}` })).toBeVisible();
    await expect(timelineItems(page).filter({ hasText: "Жалоба подана" })).toHaveCount(1);

    // A reviewer decides, in the same browser, as the desk's own journeys do.
    const { reviewer } = runState();
    await signIn(page, reviewer.email, reviewer.password);
    await page.goto(`/desk/c/${receipt.number}`);
    await satisfyComplaint(page, "Паспорт оформлен; получить его можно в отделении с 10 до 18 часов в рабочие дни.");

    const decided = await waitForMail(email, "удовлетворена");
    expect(decided.subject).toContain(receipt.number);
    expect(decided.text).toContain("Паспорт оформлен");
    const pdf = decided.attachments.find((a) => a.contentType === "application/pdf");
    expect(pdf, "the reply is attached as a PDF").toBeDefined();
    expect(pdf?.content.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // The cabinet shows the decision and offers the reply.
    await page.goto(`/cabinet/c/${receipt.number}`);
    await expect(page.getByRole("heading", { level: 1, name: `Жалоба № ${receipt.number}` })).toBeVisible();
    await expect(timelineItems(page).filter({ hasText: "Жалоба удовлетворена" })).toHaveCount(1);
    await saveScreenshot(page, testInfo, "cabinet-complaint-decided");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Скачать PDF" }).click();
    expect((await download).suggestedFilename()).toBe(`reply-${receipt.number}.pdf`);
  });

  test("code sign-in and sign-out everywhere", async ({ page }, testInfo) => {
    const email = addressOf(testInfo, "code-applicant");
    await page.goto("/cabinet");
    await expect(page.getByRole("heading", { level: 1, name: "Вход в личный кабинет" })).toBeVisible();

    // A malformed address is explained next to the field.
    await field(page, "Электронная почта").fill("code-applicant-at-example.ru");
    await page.getByRole("button", { name: "Получить код" }).click();
    await expect(page.getByText("Поле «Электронная почта»: укажите адрес в виде name@example.ru.").first()).toBeVisible();

    await field(page, "Электронная почта").fill(email);
    await page.getByRole("button", { name: "Получить код" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Введите код из письма" })).toBeVisible();
    await expect(page.getByText(`Мы отправили код для входа на адрес ${email}`)).toBeVisible();
    await saveScreenshot(page, testInfo, "cabinet-code");
    const code = signInCode(await waitForMail(email, "Код для входа"));

    const wrong = code === "000000" ? "111111" : "000000";
    await field(page, "Код из письма").fill(wrong);
    await page.getByRole("button", { name: "Войти", exact: true }).click();
    await expect(page.getByText(/код неверный.*осталось попыток: 4/).first()).toBeVisible();

    await field(page, "Код из письма").fill(code);
    await page.getByRole("button", { name: "Войти", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Мои жалобы" })).toBeVisible();
    await expect(page.getByText("Жалоб, поданных с этим адресом электронной почты, пока нет.")).toBeVisible();

    await page.getByRole("button", { name: "Выйти на всех устройствах" }).click();
    await expect(page.getByText("Вход завершён на всех устройствах (сеансов: 1).")).toBeVisible();
    await page.goto("/cabinet");
    await expect(page.getByRole("heading", { level: 1, name: "Вход в личный кабинет" })).toBeVisible();
  });

  test("OpenID Connect sign-in shows own complaints", async ({ page, request }, testInfo) => {
    const email = addressOf(testInfo, "oidc-applicant");
    const receipt = await fileComplaintOverHttp(request, { email });

    await page.goto("/cabinet");
    await page.getByRole("link", { name: "Войти через тестовый поставщик OpenID Connect" }).click();
    await expect(page).toHaveURL(new RegExp(`^${runState().oidcIssuer}/`));
    // The provider's development sign-in page takes any password; the login name is the e-mail.
    await page.locator('input[name="login"]').fill(email);
    await page.locator('input[name="password"]').fill("any password");
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();

    await expect(page.getByRole("heading", { level: 1, name: "Мои жалобы" })).toBeVisible();
    await expect(page.getByText(`Вы вошли как ${email}`)).toBeVisible();
    await expect(cabinetRow(page, receipt.number)).toHaveCount(1);
    await saveScreenshot(page, testInfo, "cabinet-after-oidc");
  });
});
