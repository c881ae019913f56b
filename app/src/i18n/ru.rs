//! Russian texts, the default language.

use super::*;

pub static TEXTS: Texts = Texts {
    common: Common {
        site_name: "Appello",
        tagline: "Досудебное обжалование решений и действий органов власти",
        nav_file: "Подать жалобу",
        nav_status: "Узнать статус жалобы",
        nav_desk: "Для сотрудников",
        other_language: "English",
        skip_to_content: "Перейти к содержанию",
        footer: "Жалобы рассматриваются в порядке, установленном главой 2.1 Федерального закона от 27.07.2010 № 210-ФЗ «Об организации предоставления государственных и муниципальных услуг».",
        required: "обязательное поле",
        optional: "необязательно",
        not_found_title: "Страница не найдена",
        not_found_text: "Такой страницы нет. Проверьте адрес или начните с главной страницы.",
        server_error_title: "Не удалось выполнить запрос",
        server_error_text: "На сервере произошла ошибка. Введённые данные не сохранены; попробуйте ещё раз через несколько минут.",
        error_summary_title: "Исправьте ошибки в форме",
        back_home: "На главную",
    },
    home: Home {
        title: "Жалоба на решение или действие органа власти",
        intro: "Здесь можно обжаловать во внесудебном порядке решения и действия (бездействие) органа, его должностных лиц и служащих, допущенные при предоставлении государственной или муниципальной услуги.",
        who_can: "Жалобу может подать гражданин или организация. Подача бесплатна; номер жалобы и код доступа вы получите сразу после отправки.",
        choose_body: "Выберите орган, на который подаёте жалобу",
        level_federal: "Федеральные органы и государственные внебюджетные фонды",
        level_regional: "Органы власти субъектов Российской Федерации",
        level_municipal: "Органы местного самоуправления",
        deadlines: "Жалоба регистрируется не позднее следующего рабочего дня и рассматривается в течение 15 рабочих дней со дня регистрации, а при обжаловании отказа в приёме документов или в исправлении опечаток — в течение 5 рабочих дней.",
    },
    form: Form {
        title: "Жалоба",
        intro: "Поля с пометкой «обязательное поле» нужно заполнить. Остальные заполняйте, если эти сведения у вас есть.",
        section_subject: "Что обжалуется",
        section_applicant: "Заявитель",
        section_reply: "Куда направить ответ",
        service_none: "Услуга не из списка или не указана",
        grounds_hint: "Отметьте все подходящие основания.",
        official_hint: "Фамилия, имя, отчество и должность, если известны.",
        subject_hint: "Какое решение принято или какое действие совершено (не совершено), когда и где.",
        arguments_hint: "Почему вы не согласны; ссылки на документы и нормы, если знаете.",
        person: "Гражданин",
        legal: "Юридическое лицо",
        person_fields: "Для гражданина",
        legal_fields: "Для юридического лица",
        address_hint: "Для гражданина — место жительства, для организации — место нахождения.",
        phone_hint: "Например, +7 900 123-45-67.",
        email_hint: "Нужна, если ответ направить на электронную почту.",
        reply_email: "На электронную почту",
        reply_post: "Почтой",
        postal_address_hint: "С индексом. Нужен, если ответ направить почтой.",
        consent: "Я согласен(на) на обработку персональных данных, указанных в жалобе, для её рассмотрения (Федеральный закон от 27.07.2006 № 152-ФЗ «О персональных данных»).",
        submit: "Подать жалобу",
        org_unknown: "Такого органа нет в справочнике. Выберите орган на главной странице.",
    },
    done: Done {
        title: "Жалоба принята",
        number: "Номер жалобы",
        code: "Код доступа",
        keep: "Сохраните номер и код доступа: по ним можно узнать, как рассматривается жалоба. Код больше нигде не показывается и восстановить его нельзя.",
        next: "Орган зарегистрирует жалобу не позднее следующего рабочего дня и рассмотрит её в течение 15 рабочих дней со дня регистрации (5 рабочих дней — если обжалуется отказ в приёме документов или в исправлении опечаток). Мотивированный ответ направляется не позднее дня, следующего за днём принятия решения.",
        duplicate: "Эта форма уже была отправлена раньше. Повторная отправка не создала новую жалобу: ниже — данные той, что уже принята.",
        open_status: "Открыть страницу статуса",
        file_another: "Подать ещё одну жалобу",
    },
    status: StatusPage {
        title: "Статус жалобы",
        intro: "Введите номер жалобы и код доступа, полученные при подаче.",
        submit: "Показать жалобу",
        complaint_title: |number| format!("Жалоба № {number}"),
        body: "Орган",
        service: "Услуга",
        received: "Поступила",
        channel: "Способ подачи",
        current_status: "Статус",
        grounds: "Основания",
        subject: "Обжалуемые решения и действия",
        timeline: "Ход рассмотрения",
        decision: "Решение",
        decided: "Дата решения",
        remedy: "Меры по устранению нарушения",
        reasons: "Обоснование",
        message_to_applicant: "Сообщение заявителю",
        further_appeal: "Если вы не согласны с решением по жалобе, его можно обжаловать в суде в порядке, установленном законодательством Российской Федерации.",
        by_staff: "сотрудник органа",
        by_applicant: "заявитель",
    },
    widget: Widget {
        unavailable_title: "Форма подачи жалобы недоступна",
        unknown_key: "Ключ виджета на этом сайте не найден, поэтому форма не открывается. Сообщите об этом администратору сайта. Жалобу можно подать на портале Appello.",
        revoked_key: "Виджет на этом сайте отключён, поэтому форма не открывается. Жалобу можно подать на портале Appello.",
        portal_link: "Подать жалобу на портале Appello",
        frame_title: "Форма подачи жалобы (Appello)",
    },
    desk: Desk {
        login_title: "Вход для сотрудников органов",
        login_intro: "Войдите с адресом электронной почты и паролем, выданными администратором.",
        login_submit: "Войти",
        signed_in_as: |email| format!("Вы вошли как {email}"),
        logout: "Выйти",
        password_title: "Смена пароля",
        password_intro: "Вы вошли с временным паролем. Задайте постоянный пароль длиной не меньше 12 символов.",
        password_submit: "Сохранить пароль",
        inbox_title: |org| format!("Жалобы: {org}"),
        inbox_empty: "Жалоб пока нет.",
        col_number: "Номер",
        col_received: "Поступила",
        col_applicant: "Заявитель",
        col_service: "Услуга",
        col_status: "Статус",
        applicant: "Заявитель",
        address: "Место жительства или нахождения",
        contacts: "Контакты",
        reply_by: "Ответ направить",
        official: "Должностное лицо или служащий",
        arguments: "Доводы",
        actions: "Действия",
        action_register: "Зарегистрировать",
        action_start_review: "Начать рассмотрение",
        decide_title: "Решение по жалобе",
        outcome_satisfied: "Удовлетворить жалобу",
        outcome_refused: "Отказать в удовлетворении",
        decision_text_hint: "Этот текст получит заявитель: мотивы решения, а при удовлетворении — какие меры приняты и в какой срок.",
        action_decide: "Принять решение",
        no_actions: "Для жалобы в этом статусе действий нет.",
        forbidden: "Эта жалоба адресована другому органу, у вас нет к ней доступа.",
        illegal_transition: |action, status| format!("Действие «{action}» недоступно: жалоба в статусе «{status}». Обновите страницу."),
        back_to_inbox: "К списку жалоб",
    },
    workflow: Workflow {
        deadlines_title: "Сроки",
        registration_due: "Регистрация — не позднее",
        review_due: "Рассмотрение — не позднее",
        redirect_due: "Направление в уполномоченный орган — не позднее",
        reply_due: "Мотивированный ответ — не позднее",
        remedy_due: "Устранение нарушения — не позднее",
        short_review: "Срок рассмотрения сокращён до 5 рабочих дней: обжалуется отказ в приёме документов или в исправлении опечаток.",
        provisional_calendar: "Срок рассчитан по предварительному производственному календарю: постановление о переносе выходных дней на этот год не подтверждено.",
        action_request_info: "Запросить сведения",
        request_info_hint: "Какие сведения или документы нужны и почему. Заявитель ответит на странице статуса; срок рассмотрения при этом не приостанавливается.",
        action_remedy: "Отметить устранение нарушения",
        remedy_hint: "Что сделано для устранения нарушения. Этот текст получит заявитель.",
        action_redirect: "Направить в уполномоченный орган",
        redirect_hint: "Жалоба поступит в выбранный орган как новая, и срок её рассмотрения начнётся с регистрации там. Заявитель получит уведомление с текстом ниже.",
        action_leave_unanswered: "Оставить без ответа",
        leave_unanswered_hint: "Дополнительный текст для заявителя, если нужен. Стандартное уведомление по выбранному основанию отправляется само.",
        action_refer_prosecutor: "Направить материалы в прокуратуру",
        prosecutor_hint: "Какие признаки состава административного правонарушения или преступления установлены. Отметка видна только сотрудникам.",
        prosecutor_referred: |date| format!("Материалы направлены в органы прокуратуры {date}."),
        action_assign: "Назначить исполнителя",
        assignee_nobody: "Не назначен",
        assignee_current: |email| format!("Исполнитель: {email}"),
        redirected_to: |org, number| format!("Жалоба направлена в уполномоченный орган ({org}) и зарегистрирована там под № {number}. Ход рассмотрения можно узнать по этому номеру и прежнему коду доступа."),
        redirected_from: |number| format!("Жалоба поступила из другого органа, где была подана под № {number}."),
        redirect_message: |org, number| format!("Ваша жалоба направлена для рассмотрения в уполномоченный орган: {org}. Новый номер жалобы — {number}; код доступа прежний."),
        info_request_title: "Орган запросил дополнительные сведения",
        answer_submit: "Отправить ответ",
        answer_hint: "Ответ увидит сотрудник органа, рассматривающий жалобу.",
        withdraw_title: "Отозвать жалобу",
        withdraw_text: "Жалобу можно отозвать, пока по ней не принято решение. Отозванную жалобу нельзя вернуть: для нового рассмотрения подайте новую жалобу.",
        withdraw_confirm: "Я отзываю эту жалобу",
        withdraw_submit: "Отозвать жалобу",
        unanswered_title: "Жалоба оставлена без ответа",
        paper_title: "Жалоба, поступившая на бумаге",
        paper_intro: "Внесите жалобу, поступившую почтой или на личном приёме, как она написана. Номер и код доступа передайте заявителю.",
        received_on_hint: "Когда жалоба поступила в орган. Сроки считаются от этой даты.",
        paper_receipt_note: "Передайте заявителю номер жалобы и код доступа: код больше нигде не показывается.",
    },
    inbox: Inbox {
        filters: "Отбор",
        any_status: "Все статусы",
        any_ground: "Все основания",
        any_body: "Все органы",
        any_deadline: "Любой срок",
        overdue: "Просроченные",
        due_today: "Срок истекает сегодня",
        any_assignee: "Все исполнители",
        unassigned: "Без исполнителя",
        mine: "Мои",
        deadline_filter: "Срок",
        show: "Показать",
        reset: "Сбросить отбор",
        counts_title: "Жалоб по статусам",
        col_deadline: "Срок",
        col_assignee: "Исполнитель",
        col_body: "Орган",
        nothing_matches: "Жалоб с такими условиями нет.",
        new_paper: "Внести жалобу, поступившую на бумаге",
    },
    field_label,
    problem,
    ground,
    status_name,
    event_name,
    remedy_kind,
    unanswered_reason,
    unanswered_message,
    urgency,
    channel,
};

fn unanswered_reason(reason: UnansweredReason) -> &'static str {
    match reason {
        UnansweredReason::NoNameOrAddress => "Не указаны фамилия заявителя или почтовый адрес для ответа",
        UnansweredReason::Abusive => "Нецензурные или оскорбительные выражения, угрозы жизни, здоровью и имуществу",
        UnansweredReason::Unreadable => "Текст жалобы не поддаётся прочтению",
    }
}

fn unanswered_message(reason: UnansweredReason) -> Option<&'static str> {
    match reason {
        UnansweredReason::NoNameOrAddress => None,
        UnansweredReason::Abusive => Some(
            "Жалоба оставлена без ответа по существу поставленных в ней вопросов, так как содержит нецензурные либо оскорбительные выражения или угрозы жизни, здоровью и имуществу должностного лица и членов его семьи. Сообщаем о недопустимости злоупотребления правом.",
        ),
        UnansweredReason::Unreadable => Some(
            "Ответ на жалобу не дан, так как её текст не поддаётся прочтению. Вы можете подать жалобу повторно.",
        ),
    }
}

fn urgency(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Overdue => "Просрочено",
        Urgency::DueToday => "Истекает сегодня",
        Urgency::Upcoming => "В срок",
    }
}

fn field_label(field: Field) -> &'static str {
    match field {
        Field::Org => "Орган",
        Field::Service => "Услуга",
        Field::Official => "Должностное лицо или служащий",
        Field::Grounds => "Основания жалобы",
        Field::GroundOther => "Иное основание",
        Field::Subject => "Обжалуемые решения и действия (бездействие)",
        Field::Arguments => "Доводы",
        Field::ApplicantKind => "Кто подаёт жалобу",
        Field::Surname => "Фамилия",
        Field::FirstName => "Имя",
        Field::Patronymic => "Отчество",
        Field::LegalName => "Наименование организации",
        Field::Address => "Место жительства или место нахождения",
        Field::Phone => "Телефон",
        Field::Email => "Электронная почта",
        Field::ReplyBy => "Способ получения ответа",
        Field::PostalAddress => "Почтовый адрес для ответа",
        Field::Consent => "Согласие на обработку персональных данных",
        Field::Number => "Номер жалобы",
        Field::AccessCode => "Код доступа",
        Field::Reason => "Текст решения для заявителя",
        Field::RemedyKind => "Мера по устранению нарушения",
        Field::Outcome => "Решение",
        Field::Password => "Пароль",
        Field::NewPassword => "Новый пароль",
        Field::NewPasswordRepeat => "Новый пароль ещё раз",
        Field::Website => "Не заполняйте это поле",
        Field::Message => "Текст для заявителя",
        Field::TargetOrg => "Уполномоченный орган",
        Field::UnansweredReason => "Основание",
        Field::Note => "Основание направления",
        Field::Assignee => "Исполнитель",
        Field::Answer => "Ваш ответ",
        Field::WithdrawConfirm => "Подтверждение отзыва",
        Field::ReceivedOn => "Дата поступления",
        Field::Form => "Форма",
    }
}

fn problem(field: Field, problem: Problem) -> String {
    let label = field_label(field);
    match (field, problem) {
        (Field::Consent, Problem::Missing) => {
            format!("Отметьте «{label}»: без него жалобу нельзя рассмотреть.")
        }
        (Field::Grounds, Problem::Missing) => format!("Отметьте хотя бы одно из «{label}»."),
        (_, Problem::Missing) => format!("Заполните поле «{label}»."),
        (_, Problem::TooLong { max }) => format!("Поле «{label}»: не больше {max} символов. Сократите текст."),
        (_, Problem::TooShort { min }) => format!("Поле «{label}»: не меньше {min} символов."),
        (_, Problem::InvalidEmail) => format!("Поле «{label}»: укажите адрес в виде name@example.ru."),
        (_, Problem::InvalidPhone) => {
            format!("Поле «{label}»: укажите номер из 10–15 цифр, например +7 900 123-45-67.")
        }
        (Field::Number, Problem::InvalidChoice) => {
            format!("Поле «{label}»: номер состоит из 14 цифр, например 2026-48213-90577.")
        }
        (Field::AccessCode, Problem::InvalidChoice) => {
            format!("Поле «{label}»: код состоит из 10 латинских букв и цифр, например K7PQM-9XD2A.")
        }
        (_, Problem::InvalidChoice) => format!("Поле «{label}»: выберите значение из предложенных."),
        (_, Problem::EmailNeededForReply) => format!(
            "Поле «{label}»: укажите адрес — вы выбрали ответ на электронную почту. Или выберите ответ почтой."
        ),
        (_, Problem::PostalAddressNeededForReply) => format!(
            "Поле «{label}»: укажите адрес с индексом — вы выбрали ответ почтой. Или выберите ответ на электронную почту."
        ),
        (_, Problem::ControlCharacters) => {
            format!("Поле «{label}»: уберите служебные символы (в однострочных полях — и переносы строк).")
        }
        (_, Problem::NotFoundByCode) => format!(
            "Жалоба с таким номером и кодом не найдена. Проверьте поля «{}» и «{label}».",
            field_label(Field::Number)
        ),
        (_, Problem::WrongCredentials) => format!(
            "Неверная электронная почта или пароль. Проверьте поля «{}» и «{label}».",
            field_label(Field::Email)
        ),
        (_, Problem::ExpiredForm) => {
            "Форма устарела. Проверьте введённые данные и отправьте её ещё раз.".to_string()
        }
        (_, Problem::InvalidDate) => format!("Поле «{label}»: укажите дату в виде ГГГГ-ММ-ДД, например 2026-12-04."),
        (_, Problem::FutureDate) => format!("Поле «{label}»: дата не может быть позже сегодняшней."),
        (_, Problem::AlreadyDone) => "Это действие уже выполнено для жалобы. Обновите страницу.".to_string(),
        (_, Problem::MustBeEmpty) => format!(
            "Очистите поле «{label}»: оно скрыто от людей и защищает форму от автоматической отправки."
        ),
        (_, Problem::PasswordsDiffer) => format!("Поле «{label}»: пароли не совпадают. Введите один и тот же пароль дважды."),
    }
}

fn ground(ground: Ground) -> &'static str {
    match ground {
        Ground::RegistrationDeadline => "Нарушение срока регистрации запроса о предоставлении услуги",
        Ground::ServiceDeadline => "Нарушение срока предоставления услуги",
        Ground::ExtraDocuments => {
            "Требование документов или действий, не предусмотренных нормативными правовыми актами"
        }
        Ground::DocumentsRefused => {
            "Отказ в приёме документов, представление которых предусмотрено нормативными правовыми актами"
        }
        Ground::ServiceRefused => {
            "Отказ в предоставлении услуги по основаниям, не предусмотренным нормативными правовыми актами"
        }
        Ground::IllegalFee => "Требование платы, не предусмотренной нормативными правовыми актами",
        Ground::CorrectionRefused => {
            "Отказ в исправлении опечаток и ошибок в выданных документах или нарушение срока исправления"
        }
        Ground::ResultIssueBreach => "Нарушение срока или порядка выдачи документов по результату услуги",
        Ground::IllegalSuspension => {
            "Приостановление предоставления услуги по основаниям, не предусмотренным нормативными правовыми актами"
        }
        Ground::UndisclosedDocuments => {
            "Требование документов, отсутствие или недостоверность которых не указывались при первоначальном отказе"
        }
        Ground::Other => "Иное",
    }
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Submitted => "Подана",
        Status::Registered => "Зарегистрирована",
        Status::UnderReview => "На рассмотрении",
        Status::InfoRequested => "Запрошены сведения",
        Status::Redirected => "Направлена в уполномоченный орган",
        Status::LeftUnanswered => "Оставлена без ответа",
        Status::Satisfied => "Удовлетворена",
        Status::Refused => "Отказано в удовлетворении",
        Status::Remedied => "Нарушение устранено",
        Status::Withdrawn => "Отозвана заявителем",
    }
}

fn event_name(action: Action) -> &'static str {
    match action {
        Action::Submit => "Жалоба подана",
        Action::Register => "Жалоба зарегистрирована",
        Action::StartReview => "Начато рассмотрение",
        Action::RequestInfo => "Запрошены дополнительные сведения",
        Action::AnswerInfo => "Заявитель представил сведения",
        Action::Decide(Outcome::Satisfied) => "Жалоба удовлетворена",
        Action::Decide(Outcome::Refused) => "В удовлетворении жалобы отказано",
        Action::Remedy => "Нарушение устранено",
        Action::Redirect => "Жалоба направлена в уполномоченный орган",
        Action::LeaveUnanswered => "Жалоба оставлена без ответа",
        Action::Withdraw => "Жалоба отозвана заявителем",
        Action::ReferToProsecutor => "Материалы направлены в органы прокуратуры",
        Action::Assign => "Назначен исполнитель",
    }
}

fn remedy_kind(kind: RemedyKind) -> &'static str {
    match kind {
        RemedyKind::DecisionCancelled => "Отмена принятого решения",
        RemedyKind::ErrorsCorrected => "Исправление опечаток и ошибок в выданных документах",
        RemedyKind::FeeRefunded => "Возврат денежных средств, взимание которых не предусмотрено",
        RemedyKind::Other => "Иная мера",
    }
}

fn channel(code: &str) -> &'static str {
    match code {
        "portal" => "Портал Appello",
        "widget" => "Виджет на сайте органа",
        "api" => "Информационная система органа",
        "paper" => "Письменно или на личном приёме",
        _ => "Не указан",
    }
}

use crate::domain::deadlines::Urgency;
use crate::domain::{Outcome, UnansweredReason};
