import { expect, test, type Page } from "@playwright/test";

import { expectReceipt, field, fillComplaint, passportComplaint, TEXTS, typeInto, type Lang } from "./support/complaint";
import { runState } from "./support/run";
import { expectValidationActive, hasJavaScript } from "./support/widget";

const RESTORED = "Форма заполнена из черновика, сохранённого в этом браузере.";
const RESTORED_EN = "The form is filled in from a draft saved in this browser.";
const CLEAR = "Очистить черновик";
const CLEARED = "Черновик удалён, форма очищена.";

const draftNotice = (page: Page, text: string) => page.getByRole("status").filter({ hasText: text });

/** Opens the demo widget page and waits until its scripts run, when the project has them. */
async function openWidget(page: Page, withJavaScript: boolean, lang: Lang = "ru"): Promise<void> {
  await page.goto(`/w/${runState().widgetKey}?lang=${lang}`);
  await expect(page.getByRole("button", { name: TEXTS[lang].submit })).toBeVisible();
  if (withJavaScript) {
    await expectValidationActive(page, lang);
  }
}

/** Types part of a complaint, as a citizen who stops halfway. */
async function typeHalf(page: Page): Promise<void> {
  const complaint = passportComplaint();
  await field(page, TEXTS.ru.service).selectOption({ label: complaint.service });
  await page.getByRole("checkbox", { name: complaint.ground, exact: true }).check();
  await typeInto(field(page, TEXTS.ru.subject), complaint.subject);
  await typeInto(field(page, TEXTS.ru.surname), complaint.surname);
  await page.getByRole("checkbox", { name: TEXTS.ru.consent }).check();
}

async function expectHalfKept(page: Page): Promise<void> {
  const complaint = passportComplaint();
  await expect(field(page, TEXTS.ru.service).locator("option:checked")).toHaveText(complaint.service);
  await expect(page.getByRole("checkbox", { name: complaint.ground, exact: true })).toBeChecked();
  await expect(field(page, TEXTS.ru.subject)).toHaveValue(complaint.subject);
  await expect(field(page, TEXTS.ru.surname)).toHaveValue(complaint.surname);
  await expect(page.getByRole("checkbox", { name: TEXTS.ru.consent })).toBeChecked();
}

async function expectEmptyForm(page: Page): Promise<void> {
  await expect(field(page, TEXTS.ru.subject)).toHaveValue("");
  await expect(field(page, TEXTS.ru.surname)).toHaveValue("");
  await expect(page.getByRole("checkbox", { name: TEXTS.ru.consent })).not.toBeChecked();
}

test.describe("draft with JavaScript", () => {
  test.skip(({ javaScriptEnabled }) => javaScriptEnabled === false, "drafts are kept by WebAssembly");

  test("draft survives a reload and a language switch", async ({ page }) => {
    await openWidget(page, true);
    await expect(page.getByRole("button", { name: CLEAR })).toHaveCount(0);
    await typeHalf(page);
    await field(page, TEXTS.ru.arguments).fill("Черновик доводов");

    await page.reload();

    await expect(draftNotice(page, RESTORED)).toBeVisible();
    await expectHalfKept(page);
    await expect(field(page, TEXTS.ru.arguments)).toHaveValue("Черновик доводов");
    const names = await page.evaluate(() =>
      Object.values(window.localStorage).flatMap((item) => JSON.parse(item).values.map((pair: string[]) => pair[0])),
    );
    expect(names, "names in the draft").toContain("subject");
    for (const name of ["form_token", "org", "lang", "website", "files"]) {
      expect(names, `names in the draft`).not.toContain(name);
    }

    await openWidget(page, true, "en");
    await expect(draftNotice(page, RESTORED_EN)).toBeVisible();
    await expect(field(page, TEXTS.en.surname)).toHaveValue(passportComplaint().surname);
  });

  test("clear draft empties the form", async ({ page }) => {
    await openWidget(page, true);
    await typeHalf(page);
    await page.reload();
    await expect(draftNotice(page, RESTORED)).toBeVisible();

    await page.getByRole("button", { name: CLEAR }).click();

    await expect(draftNotice(page, CLEARED)).toBeFocused();
    await expectEmptyForm(page);
    await page.reload();
    await expect(field(page, TEXTS.ru.subject)).toBeVisible();
    await expect(page.getByRole("button", { name: CLEAR })).toHaveCount(0);
    await expectEmptyForm(page);
  });

  test("filing the complaint deletes the draft", async ({ page }) => {
    await openWidget(page, true);
    await fillComplaint(page, passportComplaint({ surname: "Черновая" }));

    await page.getByRole("button", { name: TEXTS.ru.submit }).click();
    await expectReceipt(page);

    await openWidget(page, true);
    await expect(page.getByRole("button", { name: CLEAR })).toHaveCount(0);
    await expectEmptyForm(page);
    expect(await page.evaluate(() => window.localStorage.length), "items left in localStorage").toBe(0);
  });

  test("receipt event deletes the draft", async ({ page }) => {
    await openWidget(page, true);
    await typeHalf(page);
    await page.reload();
    await expect(draftNotice(page, RESTORED)).toBeVisible();

    // An upload with progress shows the receipt without a page load and announces it so.
    await page.evaluate(() => document.dispatchEvent(new CustomEvent("appello:receipt")));
    await page.reload();

    await expect(field(page, TEXTS.ru.subject)).toBeVisible();
    await expect(page.getByRole("button", { name: CLEAR })).toHaveCount(0);
    await expectEmptyForm(page);
  });

  test("form works when localStorage throws", async ({ page }) => {
    const errors: Error[] = [];
    page.on("pageerror", (error) => errors.push(error));
    // Browsers that block third-party storage throw on any access to localStorage.
    await page.addInitScript(() => {
      Object.defineProperty(window, "localStorage", {
        get() {
          throw new DOMException("The operation is insecure.", "SecurityError");
        },
      });
    });
    await openWidget(page, true);
    await typeHalf(page);
    await page.reload();
    await expectValidationActive(page, "ru");
    await expect(page.getByRole("button", { name: CLEAR })).toHaveCount(0);

    await fillComplaint(page, passportComplaint({ surname: "Бесследная" }));
    await page.getByRole("button", { name: TEXTS.ru.submit }).click();

    await expectReceipt(page);
    expect(errors.map((error) => error.message), "errors thrown in the page").toEqual([]);
  });
});

test("form without JavaScript keeps no draft", async ({ page }, testInfo) => {
  test.skip(hasJavaScript(testInfo), "the js project tests the draft itself");
  await openWidget(page, false);
  await typeHalf(page);

  await page.goto(`/w/${runState().widgetKey}?lang=ru`);

  await expect(page.getByRole("button", { name: CLEAR })).toHaveCount(0);
  await expect(page.getByText(RESTORED)).toHaveCount(0);
  await expectEmptyForm(page);
  await fillComplaint(page, passportComplaint({ surname: "Бумажкина" }));
  await page.getByRole("button", { name: TEXTS.ru.submit }).click();
  await expectReceipt(page);
});
