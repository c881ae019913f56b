import { expect, test, type Frame, type Locator, type Page, type Request, type TestInfo } from "@playwright/test";

import {
  expectComplaintKept,
  expectReceipt,
  field,
  fillComplaint,
  passportComplaint,
  passportComplaintInEnglish,
  TEXTS,
  typeInto,
  type Complaint,
  type Lang,
  type Scope,
} from "./support/complaint";
import { currentStatus, signIn, timelineItems } from "./support/desk";
import { runState } from "./support/run";
import { expectValidationActive, FRAME_TITLE, hasJavaScript, openWidgetFromAgencySite } from "./support/widget";
import { saveScreenshot } from "./support/screenshots";

/** The iframe height that the loader sets before the widget reports its own, in CSS pixels. */
const INITIAL_FRAME_HEIGHT = 640;

/** Records the POST requests of the page and of its frames. */
function recordPosts(page: Page): Request[] {
  const posts: Request[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") {
      posts.push(request);
    }
  });
  return posts;
}

/** Returns the iframe of the widget on the agency page, and the frame inside it. */
async function widgetFrame(page: Page): Promise<{ iframe: Locator; frame: Frame }> {
  const iframe = page.getByTitle(FRAME_TITLE);
  const frame = await (await iframe.elementHandle())?.contentFrame();
  if (!frame) {
    throw new Error("the widget iframe has no frame");
  }
  return { iframe, frame };
}

/** Waits until the iframe is as tall as the widget page inside it, and returns that height. */
async function expectFrameFitsContent(iframe: Locator, frame: Frame): Promise<number> {
  const heights = async () => ({
    iframe: await iframe.evaluate((element) => element.getBoundingClientRect().height),
    content: await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height)),
  });
  await expect
    .poll(async () => {
      const { iframe, content } = await heights();
      return Math.abs(iframe - content);
    }, { message: "difference between the iframe height and the widget page height" })
    .toBeLessThanOrEqual(1);
  return (await heights()).iframe;
}

/** Picks one applicant per project, so that each project's complaint can be found in the inbox. */
function applicantOf(testInfo: TestInfo, withJavaScript: Partial<Complaint>, without: Partial<Complaint>) {
  return hasJavaScript(testInfo) ? withJavaScript : without;
}

test.describe("widget on the agency site", () => {
  test("citizen files a complaint", async ({ page }, testInfo) => {
    const complaint = passportComplaint();
    const form = await openWidgetFromAgencySite(page, testInfo);
    await expect(form.getByRole("heading", { level: 1, name: "Жалоба: МВД России" })).toBeVisible();

    let formHeight = 0;
    if (hasJavaScript(testInfo)) {
      const { portalUrl, siteUrl, widgetKey } = runState();
      const iframe = page.getByTitle(FRAME_TITLE);
      await expect(iframe).toHaveAttribute("lang", "ru");
      const src = new URL((await iframe.getAttribute("src")) ?? "");
      expect(`${src.origin}${src.pathname}`).toBe(`${portalUrl}/w/${widgetKey}`);
      expect(src.searchParams.get("origin")).toBe(siteUrl);

      const { frame } = await widgetFrame(page);
      formHeight = await expectFrameFitsContent(iframe, frame);
      expect(formHeight, "iframe height after the widget reported the form's height").not.toBe(
        INITIAL_FRAME_HEIGHT,
      );
    }
    await saveScreenshot(page, testInfo, "agency-site-widget-form");

    await fillComplaint(form, complaint);
    await form.getByRole("button", { name: TEXTS.ru.submit }).click();

    const receipt = await expectReceipt(form);
    await expect(form.getByText("Министерство внутренних дел Российской Федерации")).toBeVisible();

    if (hasJavaScript(testInfo)) {
      const { iframe, frame } = await widgetFrame(page);
      await expect(frame.getByRole("heading", { name: TEXTS.ru.receiptTitle })).toBeVisible();
      const receiptHeight = await expectFrameFitsContent(iframe, frame);
      expect(receiptHeight, "iframe height after the receipt replaced the form").not.toBe(formHeight);
    }
    await saveScreenshot(page, testInfo, "agency-site-widget-receipt");

    // The receipt opens the complaint's status page in a new tab, signed by number and code.
    const statusOpened = page.waitForEvent("popup");
    await form.getByRole("button", { name: "Открыть страницу статуса" }).click();
    const statusPage = await statusOpened;
    await expect(statusPage.getByRole("heading", { level: 1, name: `Жалоба № ${receipt.number}` })).toBeVisible();
    await expect(currentStatus(statusPage)).toHaveText("Подана");
    await expect(timelineItems(statusPage)).toHaveCount(1);
    await expect(statusPage.getByText(complaint.subject)).toBeVisible();
    await saveScreenshot(statusPage, testInfo, "status-after-filing");
  });

  test("bad input is explained, then accepted", async ({ page, browser }, testInfo) => {
    const complaint = passportComplaint(
      applicantOf(
        testInfo,
        { surname: "Кузнецова", firstName: "Ольга", patronymic: "Петровна", email: "o.kuznetsova@example.ru" },
        { surname: "Кузнецов", firstName: "Олег", patronymic: "Петрович", email: "o.kuznetsov@example.ru" },
      ),
    );
    const form = await openWidgetFromAgencySite(page, testInfo);
    const posts = recordPosts(page);

    await fillComplaint(form, { ...complaint, surname: "", email: "kuznetsova@mail" });
    // Leaving a field shows no message yet; the whole form is checked when it is sent.
    await expect(form.locator("#error-email")).toBeHidden();
    await form.getByRole("button", { name: TEXTS.ru.submit }).click();

    await expect(form.locator("#error-surname")).toHaveText(TEXTS.ru.surnameMissing);
    await expect(form.locator("#error-email")).toHaveText(TEXTS.ru.emailInvalid);
    await expect(field(form, TEXTS.ru.surname)).toHaveAttribute("aria-invalid", "true");
    await expect(field(form, TEXTS.ru.email)).toHaveAttribute("aria-invalid", "true");
    const summary = form.getByRole("alert").filter({
      has: form.getByRole("heading", { name: TEXTS.ru.errorSummaryTitle }),
    });
    await expect(summary).toBeVisible();
    await expect(summary.getByRole("link")).toHaveText([TEXTS.ru.surnameMissing, TEXTS.ru.emailInvalid]);
    await expectComplaintKept(form, { ...complaint, email: "kuznetsova@mail" }, "ru", ["surname"]);
    await expect(field(form, TEXTS.ru.surname)).toHaveValue("");
    await saveScreenshot(page, testInfo, "widget-form-errors");

    if (hasJavaScript(testInfo)) {
      expect(posts, "POST requests sent while the form had errors").toHaveLength(0);
      await expect(summary).toBeFocused();
    } else {
      expect(posts, "POST requests sent while the form had errors").toHaveLength(1);
    }

    await typeInto(field(form, TEXTS.ru.surname), complaint.surname);
    await typeInto(field(form, TEXTS.ru.email), complaint.email);
    if (hasJavaScript(testInfo)) {
      // A field that shows an error is checked again as it is typed in.
      await expect(form.locator("#error-surname")).toBeHidden();
      await expect(form.locator("#error-email")).toBeHidden();
    }
    await form.getByRole("button", { name: TEXTS.ru.submit }).click();

    const receipt = await expectReceipt(form);
    expect(posts, "POST requests in total").toHaveLength(hasJavaScript(testInfo) ? 1 : 2);

    // The rejected post stored nothing: the body's inbox lists this applicant once.
    const desk = await browser.newContext({
      baseURL: runState().portalUrl,
      javaScriptEnabled: hasJavaScript(testInfo),
    });
    const deskPage = await desk.newPage();
    const { email, password } = runState().reviewer;
    await signIn(deskPage, email, password);
    const applicantName = `${complaint.surname} ${complaint.firstName} ${complaint.patronymic}`;
    const rows = deskPage.getByRole("row").filter({ hasText: applicantName });
    await expect(rows).toHaveCount(1);
    await expect(rows.getByRole("link", { name: receipt.number, exact: true })).toBeVisible();
    await desk.close();
  });

  test("bad input is explained in English", async ({ page }, testInfo) => {
    const t = TEXTS.en;
    const complaint = passportComplaintInEnglish(
      applicantOf(testInfo, { firstName: "Anna" }, { firstName: "Mark", email: "mark.miller@example.com" }),
    );
    const { widgetKey } = runState();
    await page.goto(`/w/${widgetKey}?lang=en`);
    await expect(page.getByRole("button", { name: t.submit })).toBeVisible();
    if (hasJavaScript(testInfo)) {
      await expectValidationActive(page, "en");
    }
    const posts = recordPosts(page);

    await fillComplaint(page, { ...complaint, surname: "", email: "anna.miller@mail" }, "en");
    await page.getByRole("button", { name: t.submit }).click();

    await expect(page.locator("#error-surname")).toHaveText(t.surnameMissing);
    await expect(page.locator("#error-email")).toHaveText(t.emailInvalid);
    const summary = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: t.errorSummaryTitle }) });
    await expect(summary.getByRole("link")).toHaveText([t.surnameMissing, t.emailInvalid]);
    await expectComplaintKept(page, { ...complaint, email: "anna.miller@mail" }, "en", ["surname"]);
    expect(posts, "POST requests sent while the form had errors").toHaveLength(hasJavaScript(testInfo) ? 0 : 1);
    await saveScreenshot(page, testInfo, "widget-form-errors-en");

    await typeInto(field(page, t.surname), complaint.surname);
    await typeInto(field(page, t.email), complaint.email);
    await page.getByRole("button", { name: t.submit }).click();

    await expectReceipt(page, "en");
    expect(posts, "POST requests in total").toHaveLength(hasJavaScript(testInfo) ? 1 : 2);
  });

  test("repeated post creates one complaint", async ({ page }, testInfo) => {
    const complaint = passportComplaint(
      applicantOf(
        testInfo,
        { surname: "Никитина", firstName: "Светлана", patronymic: "Игоревна" },
        { surname: "Никитин", firstName: "Сергей", patronymic: "Игоревич" },
      ),
    );
    await page.goto(`/w/${runState().widgetKey}`);
    if (hasJavaScript(testInfo)) {
      await expectValidationActive(page, "ru");
    }
    await fillComplaint(page, complaint);
    const posted = page.waitForRequest((request) => request.method() === "POST");
    await page.getByRole("button", { name: TEXTS.ru.submit }).click();
    const first = await expectReceipt(page);
    await expect(page.getByText(/Эта форма уже была отправлена раньше/)).toHaveCount(0);

    // The browser retries the same form post, as after a lost reply or a repeated click.
    const post = await posted;
    // The form posts as multipart, so the retry keeps the original type with its boundary.
    const retry = await page.request.post(post.url(), {
      headers: { "content-type": (await post.allHeaders())["content-type"] },
      data: post.postDataBuffer() ?? "",
    });
    expect(retry.status()).toBe(200);
    const html = await retry.text();
    expect(html).toContain("Эта форма уже была отправлена раньше.");
    // A retry after a lost reply must show the same complaint, with the code the citizen never saw.
    expect(/data-testid="complaint-number"[^>]*>([^<]+)</.exec(html)?.[1]).toBe(first.number);
    expect(/data-testid="access-code"[^>]*>([^<]+)</.exec(html)?.[1]).toBe(first.accessCode);
  });

  test("double click sends the form once", async ({ page }, testInfo) => {
    test.skip(!hasJavaScript(testInfo), "without JavaScript the browser itself decides about a second click");
    const complaint = passportComplaint({ surname: "Фролова", firstName: "Ирина", patronymic: "Алексеевна" });
    await page.goto(`/w/${runState().widgetKey}`);
    await expectValidationActive(page, "ru");
    await fillComplaint(page, complaint);
    const posts = recordPosts(page);

    await page.getByRole("button", { name: TEXTS.ru.submit }).dblclick();

    await expectReceipt(page);
    await expect(page.getByText(/Эта форма уже была отправлена раньше/)).toHaveCount(0);
    expect(posts, "POST requests after a double click").toHaveLength(1);
  });

  test("consent ticks after an invalid e-mail", async ({ page }, testInfo) => {
    test.skip(!hasJavaScript(testInfo), "the messages that could move the form are added by JavaScript");
    await page.goto(`/w/${runState().widgetKey}`);
    await expectValidationActive(page, "ru");

    await field(page, TEXTS.ru.email).fill("kuznetsova@mail");
    await page.getByRole("checkbox", { name: TEXTS.ru.consent }).click();

    // Leaving a field shows no message, so nothing moves under the pointer; the check runs on sending.
    await expect(page.getByRole("checkbox", { name: TEXTS.ru.consent })).toBeChecked();
    await expect(page.locator("#error-email")).toBeHidden();
    await page.getByRole("button", { name: TEXTS.ru.submit }).click();
    await expect(page.locator("#error-email")).toHaveText(TEXTS.ru.emailInvalid);
  });

  test("foreign site cannot frame the widget", async ({ page, request }, testInfo) => {
    test.skip(!hasJavaScript(testInfo), "the loader that adds the iframe needs JavaScript");
    const { foreignSiteUrl, siteUrl, portalUrl, widgetKey } = runState();

    const widgetPage = await request.get(`${portalUrl}/w/${widgetKey}`);
    const policy = widgetPage.headers()["content-security-policy"] ?? "";
    expect(policy).toMatch(new RegExp(`frame-ancestors ${siteUrl}(;|$)`));

    const consoleMessages: string[] = [];
    page.on("console", (message) => consoleMessages.push(message.text()));
    await page.goto(`${foreignSiteUrl}/`);
    const iframe = page.getByTitle(FRAME_TITLE);
    await expect(iframe).toBeAttached();

    await expect
      .poll(() => consoleMessages.find((text) => text.includes("frame-ancestors")), {
        message: "console report of the frame-ancestors violation",
      })
      .toContain(siteUrl);
    const frame = iframe.contentFrame();
    await expect(frame.getByRole("heading")).toHaveCount(0);
    await expect(frame.locator("form")).toHaveCount(0);
    await expect(frame.getByRole("button", { name: TEXTS.ru.submit })).toHaveCount(0);
    await saveScreenshot(page, testInfo, "foreign-site-widget-refused");
  });
});
