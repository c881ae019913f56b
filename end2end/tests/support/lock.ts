import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";

import { runState } from "./run";

/** Creates the folder `lock` and returns true, or returns false when it already exists. */
function tryCreateLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      return false;
    }
    throw error;
  }
}

/**
 * Runs `body` while holding the lock `name`, which the same test of the other project waits
 * for. Both projects share one database, so a test that reads a shared row, replaces it and
 * checks the result would otherwise lose the other project's change. The lock is a folder in
 * this run's data folder, which scripts/serve.sh removes at the next run.
 */
export async function withRunLock<T>(name: string, body: () => Promise<T>): Promise<T> {
  const lock = path.join(runState().dataDir, `${name}.lock`);
  await expect
    .poll(() => tryCreateLock(lock), { message: `waiting for the lock ${lock}`, timeout: 45_000 })
    .toBe(true);
  try {
    return await body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
