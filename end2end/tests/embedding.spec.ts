import { expect, test, type ConsoleMessage, type Frame, type Locator, type Page, type Response } from "@playwright/test";

import { expectReceipt, field, fillComplaint, passportComplaint, TEXTS } from "./support/complaint";
import { currentStatus } from "./support/desk";
import {
  HostServer,
  launchWithThirdPartyCookies,
  PROBE_COOKIE,
  PROBE_FRAME_PATH,
  selfSignedCertificate,
  TlsProxy,
} from "./support/hosts";
import { createWidgetKey, runState } from "./support/run";
import { saveScreenshot } from "./support/screenshots";
import { expectValidationActive, FRAME_TITLE, hasJavaScript } from "./support/widget";

/** The iframe title that the loader sets for `data-lang="en"`. */
const ENGLISH_FRAME_TITLE = "Complaint form (Appello)";
/** The text of the `<noscript>` link in the snippet that agencies paste. */
const NOSCRIPT_LINK = "Подать жалобу";
/** The prefix of every console message of the loader. */
const LOADER_MESSAGE_PREFIX = "Appello embed:";

// Host pages served over HTTPS use a self-signed certificate.
test.use({ ignoreHTTPSErrors: true });

let plainHost: HostServer;
let secureHost: HostServer;
let proxy: TlsProxy;
/** A widget key of the demo body allowed on every origin of both host servers. */
let key: string;

test.beforeAll(async () => {
  const tls = selfSignedCertificate();
  plainHost = await HostServer.start();
  secureHost = await HostServer.start(tls);
  proxy = await TlsProxy.start(tls, runState().portalUrl);
  key = createWidgetKey(
    "mvd",
    [plainHost, secureHost].flatMap((host) => [host.origin("127.0.0.1"), host.origin("localhost")]),
  );
});

test.afterAll(async () => {
  await Promise.all([plainHost?.close(), secureHost?.close(), proxy?.close()]);
});

/** Returns the snippet that the platform page gives agencies, with other attributes on the script tag. */
function snippet(widgetOrigin: string, attributes = "async", linkText = NOSCRIPT_LINK): string {
  return (
    `<script src="${widgetOrigin}/embed.js" data-key="${key}" ${attributes}></script>\n` +
    `<noscript><a href="${widgetOrigin}/w/${key}">${linkText}</a></noscript>`
  );
}

/** Returns the frame inside the widget iframe, for measuring its document. */
async function contentFrame(iframe: Locator): Promise<Frame> {
  const frame = await (await iframe.elementHandle())?.contentFrame();
  if (!frame) {
    throw new Error("the widget iframe has no frame");
  }
  return frame;
}

/**
 * Waits until the widget iframe is exactly as tall as the page inside it: no inner scrollbar
 * and no empty gap under the form.
 */
async function expectFrameFitsContent(iframe: Locator): Promise<void> {
  const frame = await contentFrame(iframe);
  await expect
    .poll(
      async () => {
        const outer = await iframe.evaluate((element) => element.getBoundingClientRect().height);
        const inner = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
        return Math.abs(outer - inner);
      },
      { message: "difference between the iframe height and the widget page height" },
    )
    .toBeLessThanOrEqual(1);
  const scrolls = await frame.evaluate(
    () => document.documentElement.scrollHeight > document.documentElement.clientHeight,
  );
  expect(scrolls, "the widget page scrolls inside its iframe").toBe(false);
}

/** Expects the widget form in the iframe titled `title`, sized to the form. */
async function expectWidgetShown(page: Page, title = FRAME_TITLE, submit: string = TEXTS.ru.submit): Promise<Locator> {
  const iframe = page.getByTitle(title);
  await expect(iframe).toBeVisible();
  await expect(iframe.contentFrame().getByRole("button", { name: submit })).toBeVisible();
  await expectFrameFitsContent(iframe);
  return iframe;
}

/** Expects the `<noscript>` link of a page without JavaScript, and follows it to the form. */
async function expectNoscriptLinkWorks(page: Page, widgetOrigin: string): Promise<void> {
  await expect(page.getByTitle(FRAME_TITLE)).toHaveCount(0);
  const link = page.getByRole("link", { name: NOSCRIPT_LINK });
  await expect(link).toHaveAttribute("href", `${widgetOrigin}/w/${key}`);
  await link.click();
  await expect(page.getByRole("button", { name: TEXTS.ru.submit })).toBeVisible();
}

/** Collects the loader's console messages and the errors thrown into the host page. */
function watchConsole(page: Page): { loaderMessages: ConsoleMessage[]; all: ConsoleMessage[]; pageErrors: Error[] } {
  const watched = { loaderMessages: [] as ConsoleMessage[], all: [] as ConsoleMessage[], pageErrors: [] as Error[] };
  page.on("console", (message) => {
    watched.all.push(message);
    if (message.text().startsWith(LOADER_MESSAGE_PREFIX)) {
      watched.loaderMessages.push(message);
    }
  });
  page.on("pageerror", (error) => watched.pageErrors.push(error));
  return watched;
}

test.describe("tag placement", () => {
  const placements = [
    { where: "head", attributes: "async" },
    { where: "head", attributes: "defer" },
    { where: "head", attributes: "" },
    { where: "body", attributes: "async" },
    { where: "body", attributes: "defer" },
    { where: "body", attributes: "" },
  ] as const;

  for (const { where, attributes } of placements) {
    test(`tag in ${where}, ${attributes || "neither async nor defer"}`, async ({ page }, testInfo) => {
      const { portalUrl } = runState();
      const tag = snippet(portalUrl, attributes);
      const url = plainHost.add(
        where === "head"
          ? { head: tag, body: `<p>Текст страницы</p><footer>Подвал</footer>` }
          : { body: `<p>Перед формой</p>${tag}<p>После формы</p>` },
      );
      await page.goto(url);

      if (!hasJavaScript(testInfo)) {
        await expectNoscriptLinkWorks(page, portalUrl);
        return;
      }
      const iframe = await expectWidgetShown(page);
      await expect(page.getByTitle(FRAME_TITLE)).toHaveCount(1);
      await expect(page.getByRole("link", { name: NOSCRIPT_LINK })).toHaveCount(0);
      if (where === "body") {
        // The form appears where the agency pasted the tag.
        const previous = await iframe.evaluate((element) => element.previousElementSibling?.tagName);
        expect(previous, "the element before the iframe").toBe("SCRIPT");
      } else {
        // A tag in <head> cannot show content, so its iframe goes at the end of <body>.
        const isLast = await iframe.evaluate((element) => element.parentElement === document.body && !element.nextElementSibling);
        expect(isLast, "the iframe is the last element of <body>").toBe(true);
      }
    });
  }

  test("two tags give two widgets", async ({ page }, testInfo) => {
    // Two tags mean two widgets, each sized to its own form. An agency may want a Russian and
    // an English form on one page, and one loader copy must not swallow the other tag.
    const { portalUrl } = runState();
    const watched = watchConsole(page);
    const url = plainHost.add({
      body:
        `<h2>На русском</h2>${snippet(portalUrl)}` +
        `<h2>In English</h2>${snippet(portalUrl, 'data-lang="en" async', "File a complaint")}`,
    });
    await page.goto(url);

    if (!hasJavaScript(testInfo)) {
      await expect(page.getByRole("link", { name: NOSCRIPT_LINK })).toHaveCount(1);
      await expect(page.getByRole("link", { name: "File a complaint" })).toHaveCount(1);
      await expectNoscriptLinkWorks(page, portalUrl);
      return;
    }
    await expectWidgetShown(page, FRAME_TITLE, TEXTS.ru.submit);
    await expectWidgetShown(page, ENGLISH_FRAME_TITLE, TEXTS.en.submit);
    // Both copies of embed.js run their own loader, and each tag still gets one iframe.
    await expect(page.locator("iframe.appello-widget")).toHaveCount(2);
    expect(watched.loaderMessages.map((message) => message.text()), "loader console messages").toEqual([]);
    expect(watched.pageErrors, "errors thrown into the host page").toEqual([]);
    await saveScreenshot(page, testInfo, "host-page-two-widgets");
  });
});

test.describe("hidden at first", () => {
  test("inside closed details", async ({ page }, testInfo) => {
    const { portalUrl } = runState();
    const url = plainHost.add({
      body: `<details><summary>Подать жалобу онлайн</summary>${snippet(portalUrl)}</details><p>Контакты</p>`,
    });
    await page.goto(url);

    if (hasJavaScript(testInfo)) {
      await expect(page.getByTitle(FRAME_TITLE)).toBeAttached();
      await expect(page.getByTitle(FRAME_TITLE)).toBeHidden();
    }
    await page.getByText("Подать жалобу онлайн").click();

    if (!hasJavaScript(testInfo)) {
      await expectNoscriptLinkWorks(page, portalUrl);
      return;
    }
    await expectWidgetShown(page);
    await saveScreenshot(page, testInfo, "host-page-details-opened");
  });

  test("inside a hidden tab", async ({ page }, testInfo) => {
    test.skip(!hasJavaScript(testInfo), "the host page switches its tabs with its own script");
    const { portalUrl } = runState();
    const url = plainHost.add({
      body:
        `<div role="tablist">` +
        `<button type="button" role="tab" id="tab-news" aria-selected="true">Новости</button>` +
        `<button type="button" role="tab" id="tab-complaint" aria-selected="false">Жалоба</button>` +
        `</div>` +
        `<div role="tabpanel" aria-labelledby="tab-news" id="panel-news"><p>Новости ведомства</p></div>` +
        `<div role="tabpanel" aria-labelledby="tab-complaint" id="panel-complaint" style="display:none">${snippet(portalUrl)}</div>` +
        `<script>
          document.getElementById("tab-complaint").addEventListener("click", function () {
            document.getElementById("panel-news").style.display = "none";
            document.getElementById("panel-complaint").style.display = "block";
          });
        </script>`,
    });
    await page.goto(url);
    await expect(page.getByTitle(FRAME_TITLE)).toBeAttached();
    await expect(page.getByTitle(FRAME_TITLE)).toBeHidden();

    await page.getByRole("tab", { name: "Жалоба" }).click();

    await expectWidgetShown(page);
  });
});

test.describe("host page with a strict CSP", () => {
  /** Returns the policy of a page that allows no inline script or style, and the widget origin. */
  function strictPolicy(widgetOrigin: string): string {
    return (
      `default-src 'self'; script-src 'self' ${widgetOrigin} 'wasm-unsafe-eval'; ` +
      `connect-src ${widgetOrigin}; frame-src ${widgetOrigin}`
    );
  }

  test("widget works under the documented policy", async ({ page }, testInfo) => {
    const { portalUrl } = runState();
    const watched = watchConsole(page);
    const url = plainHost.add({ body: snippet(portalUrl), contentSecurityPolicy: strictPolicy(portalUrl) });
    await page.goto(url);

    if (!hasJavaScript(testInfo)) {
      await expectNoscriptLinkWorks(page, portalUrl);
      return;
    }
    await expectWidgetShown(page);
    const violations = watched.all.map((message) => message.text()).filter((text) => text.includes("Content Security Policy"));
    expect(violations, "CSP violations on the host page").toEqual([]);
    expect(watched.pageErrors, "errors thrown into the host page").toEqual([]);
  });

  // Each source in the policy is needed: without it the widget does not appear.
  const removals = [
    { directive: "'wasm-unsafe-eval'", weaken: (policy: string) => policy.replace(" 'wasm-unsafe-eval'", "") },
    { directive: "connect-src", weaken: (policy: string) => policy.replace(/ connect-src [^;]+;/, "") },
    { directive: "frame-src", weaken: (policy: string) => policy.replace(/; frame-src .+$/, "") },
  ];
  for (const { directive, weaken } of removals) {
    test(`widget needs ${directive}`, async ({ page }, testInfo) => {
      test.skip(!hasJavaScript(testInfo), "without JavaScript the page shows the link, whatever its CSP");
      const { portalUrl } = runState();
      const watched = watchConsole(page);
      const policy = weaken(strictPolicy(portalUrl));
      expect(policy, "the policy without the source").not.toBe(strictPolicy(portalUrl));
      await page.goto(plainHost.add({ body: snippet(portalUrl), contentSecurityPolicy: policy }));

      await expect
        .poll(() => watched.all.some((message) => message.text().includes("Content Security Policy")), {
          message: "a console report of the CSP violation",
        })
        .toBe(true);
      const frames = page.locator("iframe.appello-widget");
      if ((await frames.count()) > 0) {
        await expect(frames.contentFrame().getByRole("button", { name: TEXTS.ru.submit })).toHaveCount(0);
      }
    });
  }
});

test.describe("HTTP and HTTPS", () => {
  test("page over HTTP on localhost", async ({ page }, testInfo) => {
    const { portalUrl } = runState();
    await page.goto(plainHost.add({ body: snippet(portalUrl) }, "localhost"));

    if (!hasJavaScript(testInfo)) {
      await expectNoscriptLinkWorks(page, portalUrl);
      return;
    }
    const iframe = await expectWidgetShown(page);
    const src = new URL((await iframe.getAttribute("src")) ?? "");
    expect(src.searchParams.get("origin")).toBe(plainHost.origin("localhost"));
  });

  test("page over HTTPS files a complaint", async ({ page, request }, testInfo) => {
    // The widget comes through a TLS proxy, because an HTTPS page may not frame an HTTP form.
    const widgetOrigin = proxy.origin("localhost");
    const hostOrigin = secureHost.origin("127.0.0.1");
    const watched = watchConsole(page);

    const widgetPage = await request.get(`${widgetOrigin}/w/${key}?origin=${encodeURIComponent(hostOrigin)}`);
    expect(widgetPage.status(), "status of the widget page behind the proxy").toBe(200);
    expect(widgetPage.headers()["content-security-policy"]).toContain(`frame-ancestors`);
    expect(widgetPage.headers()["content-security-policy"]).toContain(hostOrigin);

    await page.goto(secureHost.add({ body: snippet(widgetOrigin) }));
    let form;
    if (hasJavaScript(testInfo)) {
      await expectWidgetShown(page);
      form = page.getByTitle(FRAME_TITLE).contentFrame();
      await expectValidationActive(form, "ru");
    } else {
      await expectNoscriptLinkWorks(page, widgetOrigin);
      form = page;
    }

    await fillComplaint(form, passportComplaint());
    await form.getByRole("button", { name: TEXTS.ru.submit }).click();
    const receipt = await expectReceipt(form);

    const statusOpened = page.waitForEvent("popup");
    await form.getByRole("button", { name: "Открыть страницу статуса" }).click();
    const statusPage = await statusOpened;
    await expect(statusPage.getByRole("heading", { level: 1, name: `Жалоба № ${receipt.number}` })).toBeVisible();
    expect(new URL(statusPage.url()).origin, "origin of the status page").toBe(widgetOrigin);
    await expect(currentStatus(statusPage)).toHaveText("Подана");

    const mixedContent = watched.all.map((message) => message.text()).filter((text) => text.includes("Mixed Content"));
    expect(mixedContent, "mixed content warnings").toEqual([]);
  });
});

test.describe("data attributes", () => {
  test("values with spaces and capitals", async ({ page }, testInfo) => {
    test.skip(!hasJavaScript(testInfo), "only the loader reads the data attributes");
    const { portalUrl } = runState();
    const watched = watchConsole(page);
    const attributes =
      'data-lang=" EN " data-org=" MVD " data-service="MVD-Passport " data-theme=" Dark" ' +
      'data-accent=" #1A5FB4 " data-height=" 900 " async';
    await page.goto(plainHost.add({ body: snippet(portalUrl, attributes) }));

    const iframe = page.getByTitle(ENGLISH_FRAME_TITLE);
    const form = iframe.contentFrame();
    await expect(form.getByRole("button", { name: TEXTS.en.submit })).toBeVisible();
    await expect(iframe).toHaveAttribute("lang", "en");
    const src = new URL((await iframe.getAttribute("src")) ?? "");
    expect(src.searchParams.get("lang")).toBe("en");
    expect(src.searchParams.get("org")).toBe("mvd");
    expect(src.searchParams.get("service")).toBe("mvd-passport");
    expect(src.searchParams.get("theme")).toBe("dark");
    expect(src.searchParams.get("accent")).toBe("#1a5fb4");
    await expect(form.locator("html")).toHaveAttribute("data-theme", "dark");
    await expect(field(form, TEXTS.en.service)).toHaveValue("mvd-passport");
    // data-height fixes the height, so the widget's own height reports do not change it.
    await expectValidationActive(form, "en");
    expect(await iframe.evaluate((element) => element.getBoundingClientRect().height)).toBe(900);

    expect(watched.loaderMessages.map((message) => message.text()), "loader console messages").toEqual([]);
    expect(watched.pageErrors, "errors thrown into the host page").toEqual([]);
  });

  test("invalid values fall back to defaults", async ({ page }, testInfo) => {
    test.skip(!hasJavaScript(testInfo), "only the loader reads the data attributes");
    const { portalUrl } = runState();
    const watched = watchConsole(page);
    const allInvalid =
      'data-lang="de" data-org="МВД" data-service="mvd passport" data-theme="neon" ' +
      'data-accent="red" data-height="50" async';
    await page.goto(
      plainHost.add({
        body: `${snippet(portalUrl, allInvalid)}<hr>${snippet(portalUrl, 'data-theme="sepia" async')}`,
      }),
    );

    const iframes = page.getByTitle(FRAME_TITLE);
    await expect(iframes).toHaveCount(2);
    for (const iframe of await iframes.all()) {
      await expect(iframe.contentFrame().getByRole("button", { name: TEXTS.ru.submit })).toBeVisible();
      await expect(iframe).toHaveAttribute("lang", "ru");
      const src = new URL((await iframe.getAttribute("src")) ?? "");
      expect([...src.searchParams.keys()], "query parameters of the widget URL").toEqual(["lang", "origin"]);
      // Without a valid data-height the iframe follows the form's height.
      await expectFrameFitsContent(iframe);
    }

    // One warning per tag, listing every invalid attribute of that tag.
    await expect.poll(() => watched.loaderMessages.length, { message: "loader console messages" }).toBe(2);
    const [first, second] = watched.loaderMessages;
    expect(first.type()).toBe("warning");
    for (const attribute of ["data-lang", "data-org", "data-service", "data-theme", "data-accent", "data-height"]) {
      expect(first.text(), `the first tag's warning names ${attribute}`).toContain(`${attribute}="`);
    }
    expect(second.type()).toBe("warning");
    expect(second.text()).toContain('data-theme="sepia"');
    expect(second.text()).not.toContain("data-lang");
    expect(watched.pageErrors, "errors thrown into the host page").toEqual([]);
  });

  test("invalid key adds no widget", async ({ page }, testInfo) => {
    test.skip(!hasJavaScript(testInfo), "only the loader reads the data attributes");
    const { portalUrl } = runState();
    const watched = watchConsole(page);
    await page.goto(
      plainHost.add({ body: `<script src="${portalUrl}/embed.js" data-key="pk_short" async></script><p>Конец</p>` }),
    );

    await expect.poll(() => watched.loaderMessages.length, { message: "loader console messages" }).toBe(1);
    expect(watched.loaderMessages[0].type()).toBe("error");
    expect(watched.loaderMessages[0].text()).toContain('data-key="pk_short" is invalid');
    await expect(page.locator("iframe.appello-widget")).toHaveCount(0);
    expect(watched.pageErrors, "errors thrown into the host page").toEqual([]);
  });
});

test.describe("third-party cookies blocked", () => {
  /**
   * Loads an HTTPS page on 127.0.0.1 that frames the probe from localhost, and returns whether
   * the browser stored the probe frame's cookie.
   */
  async function probeCookieStored(page: Page): Promise<boolean> {
    const probeUrl = `${secureHost.origin("localhost")}${PROBE_FRAME_PATH}`;
    await page.goto(secureHost.add({ body: `<iframe title="Проба" src="${probeUrl}"></iframe>` }));
    await expect(page.getByTitle("Проба").contentFrame().getByText("Проба cookie")).toBeVisible();
    const cookies = await page.context().cookies(secureHost.origin("localhost"));
    return cookies.some((cookie) => cookie.name === PROBE_COOKIE);
  }

  test("probe sees allowed cookies", async ({}, testInfo) => {
    test.skip(!hasJavaScript(testInfo), "a browser setting, checked once");
    // With the setting off the probe cookie is stored, so the probe distinguishes both settings.
    const context = await launchWithThirdPartyCookies(testInfo, "allowed");
    const page = await context.newPage();
    expect(await probeCookieStored(page), "probe cookie stored with third-party cookies allowed").toBe(true);
    await context.close();
  });

  const setups = [
    {
      name: "HTTPS",
      hostPage: () => secureHost.add({ body: snippet(proxy.origin("localhost")) }),
      widgetOrigin: () => proxy.origin("localhost"),
    },
    {
      name: "HTTP",
      hostPage: () => plainHost.add({ body: snippet(runState().portalUrl) }, "localhost"),
      widgetOrigin: () => runState().portalUrl,
    },
  ];
  for (const setup of setups) {
    test(`widget journey over ${setup.name}`, async ({}, testInfo) => {
      test.skip(!hasJavaScript(testInfo), "without JavaScript the widget opens as the top page, with first-party cookies");
      const context = await launchWithThirdPartyCookies(testInfo, "blocked");
      const page = await context.newPage();
      expect(await probeCookieStored(page), "probe cookie stored with third-party cookies blocked").toBe(false);

      const widgetOrigin = setup.widgetOrigin();
      const widgetResponses: Response[] = [];
      page.on("response", (response) => {
        if (new URL(response.url()).origin === widgetOrigin) {
          widgetResponses.push(response);
        }
      });
      await page.goto(setup.hostPage());
      const iframe = await expectWidgetShown(page);
      const form = iframe.contentFrame();
      await expectValidationActive(form, "ru");

      await fillComplaint(form, passportComplaint({ surname: "Белова", firstName: "Дарья", patronymic: "Сергеевна" }));
      await form.getByRole("button", { name: TEXTS.ru.submit }).click();
      const receipt = await expectReceipt(form);
      await expectFrameFitsContent(iframe);

      const statusOpened = page.waitForEvent("popup");
      await form.getByRole("button", { name: "Открыть страницу статуса" }).click();
      const statusPage = await statusOpened;
      await expect(statusPage.getByRole("heading", { level: 1, name: `Жалоба № ${receipt.number}` })).toBeVisible();
      await expect(currentStatus(statusPage)).toHaveText("Подана");

      expect(widgetResponses.length, "responses from the widget origin").toBeGreaterThan(0);
      for (const response of widgetResponses) {
        expect(await response.headerValue("set-cookie"), `Set-Cookie of ${response.url()}`).toBeNull();
      }
      await context.close();
    });
  }
});
