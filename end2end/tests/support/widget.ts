import { expect, type Page, type TestInfo } from "@playwright/test";

import { field, TEXTS, type Lang, type Scope } from "./complaint";
import { runState } from "./run";
import { saveScreenshot } from "./screenshots";

/** The title of the iframe that the loader inserts. */
export const FRAME_TITLE = "Форма подачи жалобы (Appello)";

/** Returns whether the test runs in the project with JavaScript on. */
export function hasJavaScript(testInfo: TestInfo): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/**
 * Waits until the validation island runs. It then hides the fields of a legal entity while
 * "a person" is chosen, which the server-rendered page shows to browsers without JavaScript.
 */
export async function expectValidationActive(scope: Scope, lang: Lang): Promise<void> {
  await expect(field(scope, TEXTS[lang].legalName)).toBeHidden();
}

/**
 * Opens the demo agency page and reaches the widget form: in the iframe that the loader adds,
 * or, without JavaScript, through the <noscript> link, which opens the widget page itself.
 */
export async function openWidgetFromAgencySite(page: Page, testInfo: TestInfo): Promise<Scope> {
  const { siteUrl, portalUrl, widgetKey } = runState();
  await page.goto(`${siteUrl}/`);
  await expect(page.getByRole("heading", { level: 1, name: "Досудебное обжалование" })).toBeVisible();

  if (hasJavaScript(testInfo)) {
    const iframe = page.getByTitle(FRAME_TITLE);
    await expect(iframe).toBeVisible();
    await expect(page.getByRole("link", { name: "Подать жалобу" })).toHaveCount(0);
    const form = iframe.contentFrame();
    await expect(form.getByRole("button", { name: TEXTS.ru.submit })).toBeVisible();
    await expectValidationActive(form, "ru");
    return form;
  }

  await expect(page.getByTitle(FRAME_TITLE)).toHaveCount(0);
  await saveScreenshot(page, testInfo, "agency-site-noscript-link");
  await page.getByRole("link", { name: "Подать жалобу" }).click();
  await expect(page).toHaveURL(`${portalUrl}/w/${widgetKey}`);
  await expect(page.getByRole("button", { name: TEXTS.ru.submit })).toBeVisible();
  // Without JavaScript the fields of both kinds of applicant stay on the page.
  await expect(field(page, TEXTS.ru.legalName)).toBeVisible();
  return page;
}
