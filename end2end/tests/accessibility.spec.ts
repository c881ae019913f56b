import { readFileSync } from "node:fs";
import path from "node:path";

import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";

import { expectReceipt, field, fillComplaint, passportComplaint, passportComplaintInEnglish, TEXTS, type Lang } from "./support/complaint";
import { appello, createWidgetKey, runState } from "./support/run";
import { expectValidationActive, hasJavaScript } from "./support/widget";

/** The pinned axe-core build (end2end/package.json), injected into each page under test. */
const AXE_SOURCE = readFileSync(path.join(__dirname, "../node_modules/axe-core/axe.min.js"), "utf8");

/** The rule sets checked: WCAG 2.0 and 2.1 at levels A and AA, and axe's best practices. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

// The pages' Content Security Policy admits only scripts with the page's nonce, and axe-core is
// injected by the test.
test.use({ bypassCSP: true });

const ACCESSIBLE = { ru: "Версия для слабовидящих", en: "Accessible version" } as const;
const STANDARD = { ru: "Обычная версия", en: "Standard version" } as const;

interface Violation {
  rule: string;
  help: string;
  targets: string[];
}

/** Runs axe-core in `page` and returns the violations, each with the elements it found. */
async function runAxe(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const axe = (window as any).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return result.violations.map((violation: any) => ({
      rule: violation.id,
      help: violation.help,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      targets: violation.nodes.map((node: any) => node.target.join(" ")),
    }));
  }, AXE_TAGS);
}

/**
 * Runs axe-core on a copy of the page of the nojs project, which cannot run scripts. The copy
 * opens at the page's own address in a page with JavaScript on, so that the style sheet loads,
 * and with Appello's scripts blocked, so that it looks as it does without JavaScript.
 */
async function runAxeOnCopy(page: Page, browser: Browser): Promise<Violation[]> {
  const html = await page.content();
  const address = page.url();
  const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true });
  try {
    const copy = await context.newPage();
    await copy.route(
      (url) => url.href === address,
      (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
    );
    await copy.route("**/pkg/*.{js,wasm}", (route) => route.abort());
    await copy.goto(address);
    return await runAxe(copy);
  } finally {
    await context.close();
  }
}

/** Checks the page as it is now with axe-core and fails on any violation. */
async function expectNoViolations(page: Page, browser: Browser, testInfo: TestInfo, pageName: string): Promise<void> {
  const violations = hasJavaScript(testInfo) ? await runAxe(page) : await runAxeOnCopy(page, browser);
  expect(violations, `accessibility violations on ${pageName}`).toEqual([]);
}

function complaintIn(lang: Lang, surname: string) {
  return lang === "ru" ? passportComplaint({ surname }) : passportComplaintInEnglish({ surname });
}

/** Opens a page with the complaint form and waits until its scripts run, in the js project. */
async function openForm(page: Page, testInfo: TestInfo, address: string, lang: Lang): Promise<void> {
  await page.goto(address);
  await expect(page.getByRole("button", { name: TEXTS[lang].submit })).toBeVisible();
  if (hasJavaScript(testInfo)) {
    await expectValidationActive(page, lang);
  }
}

/** Sends the form empty, so that the server or the validation shows every error. */
async function sendEmptyForm(page: Page, lang: Lang): Promise<void> {
  await page.getByRole("button", { name: TEXTS[lang].submit }).click();
  await expect(errorSummary(page, lang)).toBeVisible();
}

function errorSummary(page: Page, lang: Lang) {
  return page.getByRole("alert").filter({ has: page.getByRole("heading", { name: TEXTS[lang].errorSummaryTitle }) });
}

for (const lang of ["ru", "en"] as const) {
  const t = TEXTS[lang];

  test(`widget pages have no violations in ${lang}`, async ({ page, browser }, testInfo) => {
    const { widgetKey, siteUrl } = runState();
    // With `origin` the page has the layout it has inside the agency's frame.
    const framed = `/w/${widgetKey}?lang=${lang}&origin=${encodeURIComponent(siteUrl)}`;

    await openForm(page, testInfo, framed, lang);
    await expectNoViolations(page, browser, testInfo, `the framed widget form (${lang})`);

    await openForm(page, testInfo, `/w/${widgetKey}?lang=${lang}`, lang);
    await sendEmptyForm(page, lang);
    await expectNoViolations(page, browser, testInfo, `the widget form with errors (${lang})`);

    await openForm(page, testInfo, `/w/${widgetKey}?lang=${lang}`, lang);
    await fillComplaint(page, complaintIn(lang, lang === "ru" ? "Зорина" : "Zorina"), lang);
    await page.getByRole("button", { name: t.submit }).click();
    await expectReceipt(page, lang);
    await expectNoViolations(page, browser, testInfo, `the widget receipt (${lang})`);
  });

  test(`accessible version has no violations in ${lang}`, async ({ page, browser }, testInfo) => {
    const { widgetKey, siteUrl } = runState();
    await openForm(page, testInfo, `/w/${widgetKey}?lang=${lang}&origin=${encodeURIComponent(siteUrl)}`, lang);

    await page.getByRole("link", { name: ACCESSIBLE[lang] }).click();

    await expect(page.getByRole("link", { name: STANDARD[lang] })).toBeVisible();
    if (hasJavaScript(testInfo)) {
      await expectValidationActive(page, lang);
    }
    const address = new URL(page.url());
    expect(address.searchParams.get("accessible"), "the accessible parameter").toBe("1");
    expect(address.searchParams.get("origin"), "the origin parameter kept").toBe(siteUrl);
    await expect(page.locator("html")).toHaveAttribute("data-accessible", "on");
    // 137.5% of the browser's default 16 pixels.
    await expect(page.locator("html")).toHaveCSS("font-size", "22px");
    await expectNoViolations(page, browser, testInfo, `the accessible widget form (${lang})`);

    // Without JavaScript the form is posted and comes back with its errors in the same version.
    await sendEmptyForm(page, lang);
    await expect(page.locator("html")).toHaveAttribute("data-accessible", "on");
    await expectNoViolations(page, browser, testInfo, `the accessible widget form with errors (${lang})`);

    await page.getByRole("link", { name: STANDARD[lang] }).click();
    await expect(page.getByRole("link", { name: ACCESSIBLE[lang] })).toBeVisible();
    await expect(page.locator("html")).not.toHaveAttribute("data-accessible", /.*/);
  });

  test(`unavailable widget pages have no violations in ${lang}`, async ({ page, browser }, testInfo) => {
    await page.goto(`/w/pk_0000000000000000000000?lang=${lang}`);
    await expect(page.getByRole("alert")).toBeVisible();
    await expectNoViolations(page, browser, testInfo, `the unknown key page (${lang})`);

    const key = createWidgetKey("mvd", [runState().siteUrl]);
    expect(appello("keys", "revoke", key)).toContain(`revoked ${key}`);
    const response = await page.goto(`/w/${key}?lang=${lang}`);
    expect(response?.status(), "status of the revoked key's page").toBe(410);
    await expectNoViolations(page, browser, testInfo, `the revoked key page (${lang})`);
  });

  test(`portal complaint page has no violations in ${lang}`, async ({ page, browser }, testInfo) => {
    await openForm(page, testInfo, `/complaint/mvd?lang=${lang}`, lang);
    await expectNoViolations(page, browser, testInfo, `the portal complaint form (${lang})`);

    await sendEmptyForm(page, lang);
    await expectNoViolations(page, browser, testInfo, `the portal complaint form with errors (${lang})`);

    await openForm(page, testInfo, `/complaint/mvd?lang=${lang}&accessible=1`, lang);
    await expect(page.locator("html")).toHaveAttribute("data-accessible", "on");
    await expectNoViolations(page, browser, testInfo, `the accessible portal complaint form (${lang})`);
  });
}

test("html element names the language and direction", async ({ page }) => {
  const { widgetKey } = runState();
  for (const [address, lang] of [
    [`/w/${widgetKey}`, "ru"],
    [`/w/${widgetKey}?lang=en`, "en"],
    ["/complaint/mvd?lang=en", "en"],
  ] as const) {
    await page.goto(address);
    await expect(page.locator("html"), address).toHaveAttribute("lang", lang);
    await expect(page.locator("html"), address).toHaveAttribute("dir", "ltr");
  }
});

test("keyboard moves through the widget form in order", async ({ page }) => {
  const { widgetKey } = runState();
  await page.goto(`/w/${widgetKey}`);
  await expect(page.getByRole("button", { name: TEXTS.ru.submit })).toBeVisible();

  // Every control of the form that Tab may reach, in document order.
  const controls = page.locator("form.complaint-form").locator("input:not([type=hidden]), select, textarea, button");
  const order: string[] = [];
  for (const control of await controls.all()) {
    order.push((await control.getAttribute("id")) ?? ((await control.textContent()) ?? "").trim());
  }

  const visited: string[] = [];
  for (let press = 0; press < 80; press++) {
    await page.keyboard.press("Tab");
    const focused = page.locator(":focus");
    const id = (await focused.getAttribute("id")) ?? ((await focused.textContent()) ?? "").trim();
    if (order.includes(id)) {
      visited.push(id);
    }
    if (id === TEXTS.ru.submit) {
      break;
    }
  }

  expect(visited[0], "the first form control reached").toBe("field-service");
  expect(visited.at(-1), "the last form control reached").toBe(TEXTS.ru.submit);
  for (const id of ["field-official", "field-subject", "field-arguments", "field-surname", "field-address", "field-consent"]) {
    expect(visited, `Tab reaches ${id}`).toContain(id);
  }
  const positions = visited.map((id) => order.indexOf(id));
  expect(positions, "Tab follows the document order").toEqual([...positions].sort((a, b) => a - b));
  expect(new Set(visited).size, "each control is reached once").toBe(visited.length);
});

test("error summary takes the focus and links to its fields", async ({ page }) => {
  const { widgetKey } = runState();
  await page.goto(`/w/${widgetKey}`);

  await page.getByRole("button", { name: TEXTS.ru.submit }).click();

  const summary = errorSummary(page, "ru");
  await expect(summary).toBeFocused();
  const links = summary.getByRole("link");
  await expect(links.first()).toBeVisible();
  for (const link of await links.all()) {
    const target = (await link.getAttribute("href")) ?? "";
    expect(target, "a summary link points to an element id").toMatch(/^#field-[a-z_]+$/);
    await expect(page.locator(target), `the field of ${target}`).toHaveCount(1);
  }
  await expect(field(page, TEXTS.ru.surname)).toHaveAttribute("aria-describedby", "error-surname");
  await expect(field(page, TEXTS.ru.surname)).toHaveAccessibleDescription(TEXTS.ru.surnameMissing);
  await expect(field(page, TEXTS.ru.subject)).toHaveAttribute("aria-describedby", "hint-subject error-subject");

  await page.keyboard.press("Tab");
  await expect(links.first(), "the first link after the summary").toBeFocused();
});
