import { appello } from "./run";

/** Returns today's date in Moscow as YYYY-MM-DD, because the server counts deadlines by Moscow dates. */
export function moscowToday(): string {
  // The en-CA locale formats a date as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Moscow" }).format(new Date());
}

/** Returns the YYYY-MM-DD date `days` calendar days after `isoDate`. Negative days go back. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Formats a YYYY-MM-DD date as the pages show it, DD.MM.YYYY. */
export function formatRussianDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${day}.${month}.${year}`;
}

/** The production calendar as stored in this run's database. */
export interface StoredCalendar {
  years: Set<string>;
  daysOff: Set<string>;
}

/** Reads every stored year of the production calendar through the command line. */
export function readStoredCalendar(): StoredCalendar {
  const years = appello("calendar", "list")
    .split("\n")
    .map((line) => line.split("\t")[0])
    .filter((year) => /^\d{4}$/.test(year));
  const daysOff = years.flatMap((year) => appello("calendar", "export", year).split("\n").filter(Boolean));
  return { years: new Set(years), daysOff: new Set(daysOff) };
}

/** Returns the first working day strictly after `isoDate`, as the server counts the registration deadline. */
export function nextWorkingDay(isoDate: string, calendar: StoredCalendar): string {
  let day = addDays(isoDate, 1);
  while (calendar.daysOff.has(day)) {
    day = addDays(day, 1);
  }
  // The server counts a year missing from the calendar by the Labor Code, which this helper does not.
  if (!calendar.years.has(day.slice(0, 4))) {
    throw new Error(`the stored production calendar has no year ${day.slice(0, 4)}. Import it with appello calendar import`);
  }
  return day;
}
