import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";

/**
 * Saves a full-page screenshot as test-results/screenshots/{project}/{name}.png, a fixed path
 * for reviewing the pages by eye. Playwright empties test-results at the start of each run.
 */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(testInfo.project.outputDir, "screenshots", testInfo.project.name, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}
