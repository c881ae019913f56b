import { expect, test, type Page, type Request } from "@playwright/test";

import { applicantOf, expectComplaintKept, expectReceipt, field, fillComplaint, passportComplaint, TEXTS } from "./support/complaint";
import { runState } from "./support/run";
import { lookUpComplaint } from "./support/status";
import { expectValidationActive, hasJavaScript } from "./support/widget";

const FILES_LABEL = "Файлы";
const MEGABYTE = 1024 * 1024;

/** Returns a PDF of `size` bytes, or a small one. The server recognizes a PDF by its first bytes. */
function pdf(name: string, size = 0): { name: string; mimeType: string; buffer: Buffer } {
  const head = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  const buffer = size > head.length ? Buffer.concat([head, Buffer.alloc(size - head.length, 0x20)]) : head;
  return { name, mimeType: "application/pdf", buffer };
}

const wrongTypeMessage = (name: string) =>
  `Файл «${name}» не является PDF, JPEG или PNG. Сохраните документ в одном из этих форматов и выберите файлы снова.`;
const tooLargeMessage = (name: string) =>
  `Файл «${name}» больше 10 МБ. Уменьшите его (например, сожмите или разделите на части) и выберите файлы снова.`;

/** Records the POST requests that the page sends. */
function recordPosts(page: Page): Request[] {
  const posts: Request[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") {
      posts.push(request);
    }
  });
  return posts;
}

/** Opens the demo widget page and waits until its scripts run, when the project has them. */
async function openWidget(page: Page, withJavaScript: boolean): Promise<void> {
  await page.goto(`/w/${runState().widgetKey}?lang=ru`);
  await expect(page.getByRole("button", { name: TEXTS.ru.submit })).toBeVisible();
  if (withJavaScript) {
    await expectValidationActive(page, "ru");
  }
}

/** Returns the element of the message next to the file field. */
function filesError(page: Page) {
  return page.locator("#error-files");
}

test("complaint with a PDF lists it on the status page", async ({ page }, testInfo) => {
  const complaint = passportComplaint(applicantOf(testInfo, { surname: "Белова" }, { surname: "Гусева" }));
  const name = `Копия заявления ${testInfo.project.name}.pdf`;
  await openWidget(page, hasJavaScript(testInfo));
  await fillComplaint(page, complaint);
  await field(page, FILES_LABEL).setInputFiles([pdf(name)]);
  await page.getByRole("button", { name: TEXTS.ru.submit }).click();

  const receipt = await expectReceipt(page);
  await lookUpComplaint(page, receipt);
  await expect(page.getByRole("button", { name })).toBeVisible();
});

for (const { title, file, message } of [
  {
    title: "wrong-type file",
    file: { name: "заметки.pdf", mimeType: "application/pdf", buffer: Buffer.from("Notes, not a PDF.") },
    message: wrongTypeMessage("заметки.pdf"),
  },
  { title: "file over 10 MB", file: pdf("скан.pdf", 10 * MEGABYTE + 1), message: tooLargeMessage("скан.pdf") },
]) {
  test(`${title} is rejected with a message`, async ({ page }, testInfo) => {
    const withJavaScript = hasJavaScript(testInfo);
    const complaint = passportComplaint();
    await openWidget(page, withJavaScript);
    await fillComplaint(page, complaint);
    const posts = recordPosts(page);
    await field(page, FILES_LABEL).setInputFiles([file]);
    await page.getByRole("button", { name: TEXTS.ru.submit }).click();

    await expect(filesError(page)).toHaveText(message);
    await expect(page.getByRole("link", { name: message })).toBeVisible();
    await expectComplaintKept(page, complaint, "ru");
    if (withJavaScript) {
      // The browser checks the files before it uploads anything.
      expect(posts, "POST requests sent").toHaveLength(0);
      await expect(page.getByRole("button", { name: TEXTS.ru.submit })).not.toHaveAttribute("aria-disabled", "true");
    } else {
      expect(posts, "POST requests sent").toHaveLength(1);
    }
  });
}

test.describe("upload with JavaScript", () => {
  test.skip(({ javaScriptEnabled }) => javaScriptEnabled === false, "the progress bar is drawn by WebAssembly");

  test("progress shows while the files are sent", async ({ page }) => {
    const complaint = passportComplaint({ surname: "Ершова" });
    await openWidget(page, true);
    await fillComplaint(page, complaint);
    await field(page, FILES_LABEL).setInputFiles([pdf("Фото квитанции.pdf", 2 * MEGABYTE)]);

    // The request waits until the progress bar has been seen, so no timing is assumed.
    let release: () => void = () => {};
    const progressSeen = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/w/${runState().widgetKey}*`, async (route) => {
      if (route.request().method() === "POST") {
        await progressSeen;
      }
      await route.continue();
    });
    await page.getByRole("button", { name: TEXTS.ru.submit }).click();

    await expect(page.getByRole("progressbar", { name: "Отправка формы и файлов" })).toBeVisible();
    await expect(page.locator("[data-upload=progress] [aria-live=polite]")).toHaveText(/^\d{1,3} %$/);
    release();

    await expectReceipt(page);
    await expect(page.getByRole("progressbar")).toHaveCount(0);
  });

  test("failed upload explains and allows sending again", async ({ page }) => {
    const complaint = passportComplaint({ surname: "Зуева" });
    await openWidget(page, true);
    await fillComplaint(page, complaint);
    await field(page, FILES_LABEL).setInputFiles([pdf("Справка.pdf")]);

    const address = `**/w/${runState().widgetKey}*`;
    await page.route(address, async (route) => {
      if (route.request().method() === "POST") {
        await route.fulfill({ status: 502, contentType: "text/plain", body: "Bad Gateway" });
      } else {
        await route.continue();
      }
    });
    await page.getByRole("button", { name: TEXTS.ru.submit }).click();

    await expect(page.getByRole("alert").filter({ hasText: "Сервер не принял форму (ошибка HTTP 502)" })).toBeVisible();
    await expectComplaintKept(page, complaint, "ru");
    await page.unroute(address);
    await page.getByRole("button", { name: TEXTS.ru.submit }).click();
    await expectReceipt(page);
  });
});
