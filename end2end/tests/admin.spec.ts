import { expect, test, type Page } from "@playwright/test";

import { withRunLock } from "./support/lock";
import { appello } from "./support/run";
import { saveScreenshot } from "./support/screenshots";
import { createStaffAccount, signInFirstTime } from "./support/staff";

/**
 * A working Wednesday or Thursday of November 2027 for each project to mark as a day off. The
 * complaints that the suite files are due within weeks, so the change moves none of their dates.
 * NOTE: from about October 2027 those deadlines reach these days, and the dates chosen must move on.
 */
const NEW_DAY_OFF = {
  js: { label: "24 ноября 2027", date: "2027-11-24" },
  nojs: { label: "25 ноября 2027", date: "2027-11-25" },
} as const;

/** Returns the row of `year` in the list of calendar years on /admin. */
function yearRow(page: Page, year: number) {
  return page.getByRole("row").filter({ has: page.getByRole("cell", { name: String(year), exact: true }) });
}

/** Returns the number of non-working days that /admin lists for `year`. */
async function listedDaysOff(page: Page, year: number): Promise<number> {
  const text = await yearRow(page, year).getByRole("cell").nth(2).innerText();
  return Number(text.trim());
}

test("operator adds a day off to 2027", async ({ page }, testInfo) => {
  const newDayOff = NEW_DAY_OFF[testInfo.project.name as keyof typeof NEW_DAY_OFF];
  const operator = createStaffAccount(testInfo, "operator");

  await signInFirstTime(page, operator, "Календарь-2027-оператор");
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Администрирование" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Производственный календарь" })).toBeVisible();
  await expect(page.getByRole("table").getByRole("row").filter({ has: page.getByRole("cell") })).toHaveCount(3);
  await expect(yearRow(page, 2025)).toContainText("Утверждён постановлением");
  await expect(yearRow(page, 2026)).toContainText("Утверждён постановлением");
  await expect(yearRow(page, 2027)).toContainText("Предварительный");
  await expect(yearRow(page, 2027).getByRole("link", { name: "Изменить 2027" })).toBeVisible();
  await saveScreenshot(page, testInfo, "admin-calendar-years");

  // The other project edits the same year, and a save replaces the whole year.
  await withRunLock("calendar-2027", async () => {
    await page.goto("/admin");
    const daysOffBefore = await listedDaysOff(page, 2027);
    await yearRow(page, 2027).getByRole("link", { name: "Изменить 2027" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Производственный календарь на 2027 год" })).toBeVisible();
    await expect(page.getByRole("radio", { name: "Предварительный" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "1 января 2027", exact: true })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "4 ноября 2027", exact: true })).toBeChecked();

    const day = page.getByRole("checkbox", { name: newDayOff.label, exact: true });
    await expect(day).not.toBeChecked();
    await day.check();
    await page.getByRole("button", { name: "Сохранить календарь" }).click();

    await expect(page.getByRole("status")).toHaveText(/^Календарь сохранён\. Пересчитаны сроки открытых жалоб: \d+\.$/);
    await expect(page.getByRole("checkbox", { name: newDayOff.label, exact: true })).toBeChecked();
    await saveScreenshot(page, testInfo, "admin-calendar-2027-saved");

    await page.goto("/admin/calendar/2027");
    await expect(page.getByRole("status")).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: newDayOff.label, exact: true })).toBeChecked();
    await expect(page.getByRole("radio", { name: "Предварительный" })).toBeChecked();
    await saveScreenshot(page, testInfo, "admin-calendar-2027-reloaded");
    expect(appello("calendar", "export", "2027").split("\n"), "stored non-working days of 2027").toContain(newDayOff.date);

    await page.getByRole("link", { name: "К списку лет" }).click();
    await expect(yearRow(page, 2027)).toContainText("Предварительный");
    expect(await listedDaysOff(page, 2027), "non-working days of 2027 after the save").toBe(daysOffBefore + 1);
  });
  await saveScreenshot(page, testInfo, "admin-calendar-years-after-save");
});

test("calendar list names the operator", async ({ page }, testInfo) => {
  const operator = createStaffAccount(testInfo, "operator");
  await signInFirstTime(page, operator, "Календарь-оператор-список");
  await expect(page.getByRole("heading", { level: 1, name: "Администрирование" })).toBeVisible();

  await withRunLock("calendar-2027", async () => {
    await page.goto("/admin/calendar/2027");
    await page.getByRole("button", { name: "Сохранить календарь" }).click();
    await expect(page.getByRole("status")).toHaveText(/^Календарь сохранён\./);
  });

  await page.getByRole("link", { name: "К списку лет" }).click();
  await expect(yearRow(page, 2027).getByRole("cell").nth(4)).toContainText(`(${operator.email})`);
});

test("calendar days read as dates", async ({ page }, testInfo) => {
  const operator = createStaffAccount(testInfo, "operator");
  await signInFirstTime(page, operator, "Календарь-оператор-даты");
  await expect(page.getByRole("heading", { level: 1, name: "Администрирование" })).toBeVisible();

  await page.goto("/admin/calendar/2027");

  await expect(page.getByRole("checkbox", { name: "1 января 2027", exact: true })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "24 ноября 2027", exact: true })).toBeVisible();
});
