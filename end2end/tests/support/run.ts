import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

/** What scripts/serve.sh prepared for this run: addresses, the demo key and the reviewer. */
export interface RunState {
  dataDir: string;
  databaseUrl: string;
  appelloBin: string;
  siteRoot: string;
  portalUrl: string;
  siteUrl: string;
  foreignSiteUrl: string;
  widgetKey: string;
  /** Where the capture SMTP server stores the messages the portal sends. */
  mailDir: string;
  /** The OpenID Connect provider that the portal offers for citizens' sign-in. */
  oidcIssuer: string;
  reviewer: { email: string; password: string };
}

const STATE_FILE = path.resolve(__dirname, "../../.state/run.json");

let cached: RunState | undefined;

/** Reads the state file that the web server's start-up script wrote before serving. */
export function runState(): RunState {
  cached ??= JSON.parse(readFileSync(STATE_FILE, "utf8")) as RunState;
  return cached;
}

/** Runs the `appello` command line on this run's database and returns its standard output. */
export function appello(...args: string[]): string {
  const state = runState();
  return execFileSync(state.appelloBin, args, {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: state.databaseUrl, LEPTOS_SITE_ROOT: state.siteRoot },
  });
}

/** Issues a widget key for `org` allowed on `origins`, through the command line. */
export function createWidgetKey(org: string, origins: string[]): string {
  const output = appello("keys", "create", "--org", org, ...origins.flatMap((origin) => ["--origin", origin]));
  const key = /pk_[A-Za-z0-9_-]+/.exec(output)?.[0];
  if (!key) {
    throw new Error(`appello keys create printed no key: ${output}`);
  }
  return key;
}
