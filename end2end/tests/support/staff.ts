import { expect, type Browser, type Page, type TestInfo } from "@playwright/test";

import { field } from "./complaint";
import { signIn } from "./desk";
import { appello, runState } from "./run";

/** The fictional name and position of the reviewers that tests create. */
export const REVIEWER_PROFILE = ["--name", "Орлова Светлана Игоревна", "--position", "ведущий специалист-эксперт"];

/** A staff account created for one test, with the one-time password that `appello` printed. */
export interface StaffAccount {
  email: string;
  oneTimePassword: string;
}

/**
 * Creates a staff account through the command line. The e-mail address carries the project
 * and a timestamp, because both projects share one database.
 */
export function createStaffAccount(
  testInfo: TestInfo,
  role: "reviewer" | "operator" | "agency_admin",
  org?: string,
): StaffAccount {
  const email = `${role}.${org ?? "portal"}.${testInfo.project.name}.${Date.now()}@appello.example`;
  const orgArgs = org ? ["--org", org] : [];
  // Reviewers sign the reasoned reply and agency admins act for their body, so both need a
  // name and a position.
  const profileArgs = role === "operator" ? [] : REVIEWER_PROFILE;
  const output = appello("users", "create", "--role", role, ...orgArgs, ...profileArgs, "--email", email);
  const oneTimePassword = /one-time password: (\S+)/.exec(output)?.[1];
  if (!oneTimePassword) {
    throw new Error(`appello users create printed no one-time password: ${output}`);
  }
  return { email, oneTimePassword };
}

/**
 * Signs in with the one-time password, which leads to /desk/password first, and replaces it
 * with `newPassword`. The caller checks the page that the browser lands on.
 */
export async function signInFirstTime(page: Page, account: StaffAccount, newPassword: string): Promise<void> {
  await page.goto("/desk/login");
  await field(page, "Электронная почта").fill(account.email);
  await field(page, "Пароль").fill(account.oneTimePassword);
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Смена пароля" })).toBeVisible();

  await page.getByLabel("Новый пароль (обязательное поле)", { exact: true }).fill(newPassword);
  await page.getByLabel("Новый пароль ещё раз (обязательное поле)", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "Сохранить пароль" }).click();
}

/**
 * Opens a browser context of its own for the demo reviewer, with the project's JavaScript
 * setting, and signs in there. The citizen keeps the test's own page. Close it with
 * `page.context().close()`.
 */
export async function openDeskAsDemoReviewer(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({
    baseURL: runState().portalUrl,
    locale: testInfo.project.use.locale,
    javaScriptEnabled: testInfo.project.use.javaScriptEnabled,
  });
  const page = await context.newPage();
  await signIn(page, runState().reviewer.email, runState().reviewer.password);
  return page;
}
