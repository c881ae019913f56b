import { expect, type APIRequestContext, type FrameLocator, type Locator, type Page, type TestInfo } from "@playwright/test";

import { runState } from "./run";

export type Lang = "ru" | "en";

/** A page or a widget iframe: both offer the same locator methods. */
export type Scope = Page | FrameLocator;

/** A citizen's complaint as typed into the form. */
export interface Complaint {
  service: string;
  ground: string;
  official: string;
  subject: string;
  arguments: string;
  surname: string;
  firstName: string;
  patronymic: string;
  address: string;
  phone: string;
  email: string;
}

/** Returns the complaint of the journeys in Russian: a passport not issued in time. */
export function passportComplaint(applicant: Partial<Complaint> = {}): Complaint {
  return {
    service: "Выдача и замена паспорта гражданина Российской Федерации",
    ground: "Нарушение срока предоставления услуги",
    official: "Начальник отделения по вопросам миграции ОМВД России по району Марьина Роща Кравцов Д. А.",
    subject:
      "Заявление о замене паспорта в связи с достижением 45 лет подано 2 октября 2026 г. (№ 77-1045). " +
      "Паспорт должен был быть выдан не позднее 12 октября 2026 г., но не выдан до сих пор.",
    arguments:
      "Все документы и квитанция об уплате госпошлины приняты при подаче заявления, недостатков не указано. " +
      "Срок замены паспорта при обращении по месту жительства — 10 дней со дня приёма документов. " +
      "На мои звонки в отделение отвечают, что бланк не поступил, и новую дату не называют. " +
      "Прошу выдать паспорт в течение пяти рабочих дней и проверить, почему нарушен срок.",
    surname: "Соколова",
    firstName: "Анна",
    patronymic: "Викторовна",
    address: "127055, г. Москва, ул. Новослободская, д. 14, кв. 52",
    phone: "+7 916 555-01-23",
    email: "a.sokolova@example.ru",
    ...applicant,
  };
}

/**
 * Picks the applicant of the js or the nojs project. Both projects share one database, so
 * their complaints must differ for the desk to show which project filed each one.
 */
export function applicantOf(
  testInfo: TestInfo,
  withJavaScript: Partial<Complaint>,
  withoutJavaScript: Partial<Complaint>,
): Partial<Complaint> {
  return testInfo.project.use.javaScriptEnabled === false ? withoutJavaScript : withJavaScript;
}

/** Returns the same complaint in English, for the widget page opened with `?lang=en`. */
export function passportComplaintInEnglish(applicant: Partial<Complaint> = {}): Complaint {
  return {
    service: "Issue and replacement of the internal passport of a Russian citizen",
    ground: "Missed deadline for providing the service",
    official: "",
    subject: "My application of 2 October 2026 (No. 77-1045) to replace my passport was due on 12 October 2026.",
    arguments: "All documents were accepted without remarks; the 10-day deadline has passed and no new date was given.",
    surname: "Miller",
    firstName: "Anna",
    patronymic: "",
    address: "127055, Moscow, Novoslobodskaya St. 14, apt. 52",
    phone: "",
    email: "anna.miller@example.com",
    ...applicant,
  };
}

/** Visible texts of the complaint form and its receipt in each language. */
export const TEXTS = {
  ru: {
    service: "Услуга",
    official: "Должностное лицо или служащий",
    subject: "Обжалуемые решения и действия (бездействие)",
    arguments: "Доводы",
    person: "Гражданин",
    surname: "Фамилия",
    firstName: "Имя",
    patronymic: "Отчество",
    legalName: "Наименование организации",
    address: "Место жительства или место нахождения",
    phone: "Телефон",
    email: "Электронная почта",
    replyByEmail: "На электронную почту",
    consent: /^Я согласен\(на\) на обработку персональных данных/,
    submit: "Подать жалобу",
    receiptTitle: "Жалоба принята",
    errorSummaryTitle: "Исправьте ошибки в форме",
    surnameMissing: "Заполните поле «Фамилия».",
    emailInvalid: "Поле «Электронная почта»: укажите адрес в виде name@example.ru.",
  },
  en: {
    service: "Service",
    official: "Official or employee",
    subject: "Decisions and actions (or inaction) appealed",
    arguments: "Arguments",
    person: "A person",
    surname: "Surname",
    firstName: "First name",
    patronymic: "Patronymic",
    legalName: "Name of the organisation",
    address: "Residence or registered address",
    phone: "Phone",
    email: "E-mail",
    replyByEmail: "By e-mail",
    consent: /^I consent to the processing of the personal data/,
    submit: "Send the complaint",
    receiptTitle: "Complaint received",
    errorSummaryTitle: "Please correct the form",
    surnameMissing: "Fill in “Surname”.",
    emailInvalid: "“E-mail”: enter an address like name@example.com.",
  },
} as const;

/** A complaint number such as 2026-48213-90577 and an access code such as K7PQM-9XD2A. */
export const NUMBER_PATTERN = /^\d{4}-\d{5}-\d{5}$/;
export const ACCESS_CODE_PATTERN = /^[A-Z0-9]{5}-[A-Z0-9]{5}$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Returns the form control labelled `label`. Labels end with a "required" or "optional" mark, so the
 * label must start with the text, which keeps "Имя" from matching "Фамилия".
 */
export function field(scope: Scope, label: string): Locator {
  return scope.getByLabel(new RegExp(`^${escapeRegExp(label)}`));
}

/** Types `value` and leaves the field, as a citizen moving on with Tab does. */
export async function typeInto(control: Locator, value: string): Promise<void> {
  await control.fill(value);
  await control.blur();
}

/** Fills every field of the complaint form, ticks the consent and chooses a reply by e-mail. */
export async function fillComplaint(scope: Scope, complaint: Complaint, lang: Lang = "ru"): Promise<void> {
  const t = TEXTS[lang];
  await field(scope, t.service).selectOption({ label: complaint.service });
  await typeInto(field(scope, t.official), complaint.official);
  await scope.getByRole("checkbox", { name: complaint.ground, exact: true }).check();
  await typeInto(field(scope, t.subject), complaint.subject);
  await typeInto(field(scope, t.arguments), complaint.arguments);
  await scope.getByRole("radio", { name: t.person, exact: true }).check();
  await typeInto(field(scope, t.surname), complaint.surname);
  await typeInto(field(scope, t.firstName), complaint.firstName);
  await typeInto(field(scope, t.patronymic), complaint.patronymic);
  await typeInto(field(scope, t.address), complaint.address);
  await typeInto(field(scope, t.phone), complaint.phone);
  await scope.getByRole("radio", { name: t.replyByEmail, exact: true }).check();
  await typeInto(field(scope, t.email), complaint.email);
  await scope.getByRole("checkbox", { name: t.consent }).check();
}

/** Checks that the form still contains every value of `complaint` except those in `skip`. */
export async function expectComplaintKept(
  scope: Scope,
  complaint: Complaint,
  lang: Lang,
  skip: (keyof Complaint)[] = [],
): Promise<void> {
  const t = TEXTS[lang];
  const shouldCheck = (name: keyof Complaint) => !skip.includes(name);

  if (shouldCheck("service")) {
    await expect(field(scope, t.service).locator("option:checked")).toHaveText(complaint.service);
  }
  if (shouldCheck("ground")) {
    await expect(scope.getByRole("checkbox", { name: complaint.ground, exact: true })).toBeChecked();
  }
  const textFields: [keyof Complaint, string][] = [
    ["official", t.official],
    ["subject", t.subject],
    ["arguments", t.arguments],
    ["surname", t.surname],
    ["firstName", t.firstName],
    ["patronymic", t.patronymic],
    ["address", t.address],
    ["phone", t.phone],
    ["email", t.email],
  ];
  for (const [name, label] of textFields) {
    if (shouldCheck(name)) {
      await expect(field(scope, label), `the value of ${name}`).toHaveValue(complaint[name]);
    }
  }
  await expect(scope.getByRole("radio", { name: t.replyByEmail, exact: true })).toBeChecked();
  await expect(scope.getByRole("checkbox", { name: t.consent })).toBeChecked();
}

/** The number and access code that the receipt shows. */
export interface Receipt {
  number: string;
  accessCode: string;
}

/** Waits for the receipt, checks its number and code, and returns them. */
export async function expectReceipt(scope: Scope, lang: Lang = "ru"): Promise<Receipt> {
  await expect(scope.getByRole("heading", { level: 1, name: TEXTS[lang].receiptTitle })).toBeVisible();
  const number = scope.getByTestId("complaint-number");
  const accessCode = scope.getByTestId("access-code");
  await expect(number).toHaveText(NUMBER_PATTERN);
  await expect(accessCode).toHaveText(ACCESS_CODE_PATTERN);
  return { number: (await number.innerText()).trim(), accessCode: (await accessCode.innerText()).trim() };
}

/**
 * Files the passport complaint through the demo widget with plain HTTP, as a browser without
 * JavaScript would, for journeys that start from an existing complaint.
 */
export async function fileComplaintOverHttp(
  request: APIRequestContext,
  applicant: Partial<Complaint> = {},
): Promise<Receipt> {
  const { portalUrl, widgetKey } = runState();
  const complaint = passportComplaint(applicant);
  const address = `${portalUrl}/w/${widgetKey}?lang=ru`;

  const formPage = await request.get(address);
  expect(formPage.status(), "status of the widget page").toBe(200);
  const token = /name="form_token" value="([^"]+)"/.exec(await formPage.text())?.[1];
  expect(token, "form_token in the widget page").toBeTruthy();

  const response = await request.post(address, {
    form: {
      form_token: token!,
      org: "mvd",
      lang: "ru",
      service: "mvd-passport",
      official: complaint.official,
      grounds: "service_deadline",
      ground_other: "",
      subject: complaint.subject,
      arguments: complaint.arguments,
      applicant_kind: "person",
      surname: complaint.surname,
      first_name: complaint.firstName,
      patronymic: complaint.patronymic,
      legal_name: "",
      address: complaint.address,
      phone: complaint.phone,
      reply_by: "email",
      email: complaint.email,
      postal_address: "",
      website: "",
      consent: "on",
    },
  });
  const html = await response.text();
  expect(response.status(), "status of the complaint post").toBe(200);
  const number = /data-testid="complaint-number"[^>]*>([^<]+)</.exec(html)?.[1]?.trim() ?? "";
  const accessCode = /data-testid="access-code"[^>]*>([^<]+)</.exec(html)?.[1]?.trim() ?? "";
  expect(number, "complaint number in the receipt").toMatch(NUMBER_PATTERN);
  expect(accessCode, "access code in the receipt").toMatch(ACCESS_CODE_PATTERN);
  return { number, accessCode };
}
