//! English texts.

use super::*;
use crate::domain::deadlines::Urgency;
use crate::domain::{Outcome, UnansweredReason};

pub static TEXTS: Texts = Texts {
    common: Common {
        site_name: "Appello",
        tagline: "Out-of-court appeals against decisions and actions of public bodies",
        nav_file: "File a complaint",
        nav_status: "Check a complaint",
        nav_desk: "For staff",
        other_language: "Русский",
        skip_to_content: "Skip to content",
        footer: "Complaints are reviewed as set out in Chapter 2.1 of Federal Law No. 210-FZ of 27 July 2010 “On the organisation of state and municipal services”.",
        required: "required",
        optional: "optional",
        not_found_title: "Page not found",
        not_found_text: "There is no such page. Check the address or start from the home page.",
        forbidden_title: "No access",
        server_error_title: "The request failed",
        server_error_text: "The server hit an error. Nothing you entered was saved; please try again in a few minutes.",
        error_summary_title: "Please correct the form",
        back_home: "Home page",
    },
    home: Home {
        title: "Complain about a decision or action of a public body",
        intro: "Here you can appeal, out of court, the decisions and actions (or inaction) of a public body, its officials and employees in providing a state or municipal service.",
        who_can: "A person or an organisation may complain. Filing is free; you get the complaint number and an access code as soon as you send it.",
        choose_body: "Choose the body you are complaining about",
        level_federal: "Federal bodies and state extra-budgetary funds",
        level_regional: "Regional authorities",
        level_municipal: "Local self-government",
        deadlines: "A complaint is registered no later than the next working day and reviewed within 15 working days of registration, or within 5 working days when it concerns a refusal to accept documents or to correct typos.",
    },
    form: Form {
        title: "Complaint",
        intro: "Fields marked “required” must be filled in. Fill in the others if you have that information.",
        section_subject: "What you are appealing",
        section_applicant: "Applicant",
        section_reply: "Where to send the reply",
        service_none: "Service not listed or not known",
        grounds_hint: "Tick every ground that applies.",
        ground_other_hint: "Required if “Other” is ticked: describe the ground in your own words.",
        official_hint: "Full name and position, if known.",
        subject_hint: "What was decided or done (or not done), when and where.",
        arguments_hint: "Why you disagree; refer to documents and rules if you know them.",
        person: "A person",
        legal: "A legal entity",
        person_fields: "For a person: surname and first name are required",
        legal_fields: "For a legal entity: the name is required",
        address_hint: "For a person, the place of residence; for an organisation, its registered address.",
        phone_hint: "For example, +7 900 123-45-67.",
        email_hint: "Needed if the reply is to be sent by e-mail.",
        reply_email: "By e-mail",
        reply_post: "By post",
        postal_address_hint: "With the postcode. Needed if the reply is to be sent by post.",
        sending: "Sending the form and files",
        send_failed_network: "The form was not sent because the connection failed. Nothing was saved, and your entries are still in the form. Check the connection and press “Send the complaint” again.",
        send_failed_status: |status| format!(
            "The server did not accept the form (HTTP error {status}). Nothing was saved, and your entries are still in the form. Press “Send the complaint” again; if the error repeats, attach fewer or smaller files."
        ),
        files_hint: "Optional. PDF, JPEG or PNG (the type is checked by the content): up to 5 files, each up to 10 MB, 20 MB in all. Later answers to requests share these 20 MB.",
        consent: "I consent to the processing of the personal data in this complaint for its review (Federal Law No. 152-FZ of 27 July 2006 “On personal data”).",
        submit: "Send the complaint",
        org_unknown: "This body is not in the directory. Choose a body on the home page.",
    },
    done: Done {
        title: "Complaint received",
        number: "Complaint number",
        code: "Access code",
        keep: "Keep the number and the access code: you need both to follow the review. The code is not shown anywhere else and cannot be recovered.",
        next: "The body will register the complaint no later than the next working day and review it within 15 working days of registration (5 working days if it concerns a refusal to accept documents or to correct typos). The reasoned reply is sent no later than the day after the decision.",
        duplicate: "This form had already been sent. Sending it again did not create a new complaint; below is the one already received.",
        open_status: "Open the status page",
        file_another: "File another complaint",
    },
    status: StatusPage {
        title: "Complaint status",
        intro: "Enter the complaint number and the access code you received when filing.",
        submit: "Show the complaint",
        complaint_title: |number| format!("Complaint No. {number}"),
        body: "Body",
        service: "Service",
        received: "Received",
        channel: "Filed via",
        current_status: "Status",
        grounds: "Grounds",
        subject: "Decisions and actions appealed",
        timeline: "Progress",
        moscow_time: "Times are Moscow time (UTC+3).",
        check_another: "Check another complaint",
        decision: "Decision",
        decided: "Decision date",
        remedy: "Remedy",
        reasons: "Reasons",
        message_to_applicant: "Message to the applicant",
        further_appeal: "If you disagree with the decision on your complaint, you may challenge it in court as provided by the law of the Russian Federation.",
        by_staff: "body staff",
        by_applicant: "applicant",
    },
    widget: Widget {
        unavailable_title: "The complaint form is unavailable",
        unknown_key: "The widget key on this site was not found, so the form cannot open. Please tell the site administrator. You can file a complaint on the Appello portal.",
        revoked_key: "The widget on this site has been switched off, so the form cannot open. You can file a complaint on the Appello portal.",
        portal_link: "File a complaint on the Appello portal",
        frame_title: "Complaint form (Appello)",
    },
    desk: Desk {
        login_title: "Staff sign-in",
        login_intro: "Sign in with the e-mail address and password your administrator gave you.",
        login_submit: "Sign in",
        signed_in_as: |email| format!("Signed in as {email}"),
        logout: "Sign out",
        password_title: "Change your password",
        password_intro: "You signed in with a temporary password. Choose a permanent one of at least 12 characters.",
        password_submit: "Save the password",
        inbox_title: |org| format!("Complaints: {org}"),
        inbox_empty: "No complaints yet.",
        col_number: "Number",
        col_received: "Received",
        col_applicant: "Applicant",
        col_service: "Service",
        col_status: "Status",
        applicant: "Applicant",
        applicant_name: "Full name or name of the organisation",
        address: "Residence or registered address",
        contacts: "Contacts",
        reply_by: "Send the reply",
        official: "Official or employee",
        arguments: "Arguments",
        actions: "Actions",
        action_register: "Register",
        action_start_review: "Start the review",
        decide_title: "Decision on the complaint",
        outcome_satisfied: "Satisfy the complaint",
        outcome_refused: "Refuse the complaint",
        remedy_hint: "Required when the complaint is satisfied.",
        decision_text_hint: "The applicant receives this text: the reasons for the decision and, when satisfied, what is being done and by when.",
        action_decide: "Record the decision",
        no_actions: "No actions are available in this status.",
        forbidden: "This page or complaint belongs to another body or is not available to your role.",
        illegal_transition: |action, status| format!("“{action}” is not available: the complaint is “{status}”. Reload the page."),
        back_to_inbox: "Back to the complaints",
    },
    workflow: Workflow {
        deadlines_title: "Deadlines",
        registration_due: "Registration by",
        review_due: "Review by",
        redirect_due: "Forwarding to the competent body by",
        reply_due: "Reasoned reply by",
        remedy_due: "Remedy by",
        short_review: "The review is shortened to 5 working days: the complaint concerns a refusal to accept documents or to correct typos.",
        provisional_calendar: "This date follows a provisional production calendar: the decree on day transfers for that year is not confirmed.",
        action_request_info: "Request information",
        request_info_hint: "Which information or documents are needed and why. The applicant answers on the status page; the review period does not stop meanwhile.",
        action_remedy: "Record the remedy",
        remedy_hint: "What was done to put the violation right. The applicant receives this text.",
        action_redirect: "Forward to the competent body",
        redirect_hint: "The complaint reaches the chosen body as a new one, and its review period starts at its registration there. The applicant is notified with the text below.",
        action_leave_unanswered: "Leave without an answer",
        leave_unanswered_hint: "Extra text for the applicant, if needed. The standard notice for the chosen reason is sent anyway.",
        action_refer_prosecutor: "Send the materials to the prosecutor",
        prosecutor_hint: "Which signs of an administrative offence or a crime were found. Only staff see this mark.",
        prosecutor_referred: |date| format!("Materials sent to the prosecutor's office on {date}."),
        already_referred: |date| format!("The materials of this complaint were already sent to the prosecutor's office on {date}."),
        action_assign: "Assign a reviewer",
        assignee_nobody: "Not assigned",
        assignee_current: |email| format!("Reviewer: {email}"),
        redirected_to: |org, number| format!("The complaint was forwarded to the competent body ({org}), where it arrived as No. {number} and will be registered no later than the next working day. Follow it with that number and the same access code."),
        redirected_from: |number| format!("The complaint came from another body, where it was filed as No. {number}."),
        redirect_message: |org, number| format!("Your complaint was forwarded for review to the competent body: {org}. The new complaint number is {number}; the access code is the same."),
        info_request_title: "The body requested more information",
        answer_submit: "Send the answer",
        answer_hint: "The staff member reviewing the complaint will see your answer.",
        files_hint: "PDF, JPEG or PNG: up to 5 files at a time, each up to 10 MB, up to 20 MB per complaint in all.",
        attached_files: "Attached files",
        withdraw_title: "Withdraw the complaint",
        withdraw_text: "A complaint can be withdrawn until it is decided. A withdrawn complaint cannot be restored: to have it reviewed, file a new one.",
        withdraw_confirm: "I withdraw this complaint",
        withdraw_submit: "Withdraw the complaint",
        unanswered_title: "The complaint was left without an answer",
        paper_title: "A complaint received on paper",
        paper_intro: "Enter a complaint received by post or in person as it is written. Give the applicant the number and the access code.",
        received_on_hint: "When the complaint reached the body. Deadlines count from this date.",
        paper_receipt_note: "Give the applicant the complaint number and the access code: the code is not shown anywhere else.",
    },
    inbox: Inbox {
        filters: "Filter",
        any_status: "All statuses",
        any_ground: "All grounds",
        any_body: "All bodies",
        any_deadline: "Any deadline",
        overdue: "Overdue",
        due_today: "Due today",
        any_assignee: "All reviewers",
        unassigned: "Not assigned",
        mine: "Mine",
        deadline_filter: "Deadline",
        show: "Show",
        reset: "Clear the filter",
        counts_title: "Complaints by status",
        col_deadline: "Deadline",
        col_assignee: "Reviewer",
        col_body: "Body",
        nothing_matches: "No complaints match.",
        new_paper: "Enter a complaint received on paper",
    },
    admin: Admin {
        title: "Administration",
        operator: "System operator",
        calendar_title: "Production calendar",
        calendar_intro: "Complaint deadlines count working days of this calendar. A year whose decree on day transfers is not confirmed is marked provisional.",
        col_year: "Year",
        col_status: "Status",
        col_days_off: "Non-working days",
        col_source: "Source",
        col_updated: "Changed",
        edit: "Edit",
        status_confirmed: "Set by decree",
        status_provisional: "Provisional",
        year_title: |year| format!("Production calendar for {year}"),
        year_intro: "Tick every non-working day of the year: weekends, holidays and transferred days off. A working Saturday is a Saturday left unticked. Saving recomputes the deadlines of open complaints.",
        save: "Save the calendar",
        saved: |count| format!("The calendar is saved. Deadlines recomputed for open complaints: {count}."),
        months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        months_of: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        weekdays: ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
        back: "Back to the years",
    },
    reply: Reply {
        title: "Reasoned reply",
        download_pdf: "Download PDF",
        available: "A decision has been made on the complaint. The reasoned reply can be opened for printing or downloaded as a PDF.",
        print_hint: "To print the reply, use your browser's print command (Ctrl+P or ⌘P): only the document is printed.",
        issued_in_russian: Some("The reasoned reply is an official document of a Russian government body, so it is issued in Russian."),
        back_to_complaint: "Back to the complaint",
        no_decision_title: "No reasoned reply yet",
        no_decision: "The reasoned reply is written once the complaint is decided, either satisfied or refused. This complaint has not been decided yet.",
        not_found: "No complaint matches this number and access code. Open the complaint on the status page and press \"Reasoned reply\" there.",
        open_from_status: "The reasoned reply opens from the complaint's status page: enter the complaint number and access code there.",
        doc_subtitle: |number, date| format!("on the review of complaint No. {number} of {date}"),
        doc_to: "To",
        doc_reply_address: "Address",
        doc_reply_to: "Reply sent to",
        doc_by_email: |email| format!("{email} (e-mail)"),
        doc_by_post: |address| format!("{address} (postal address)"),
        doc_body: "Body that reviewed the complaint",
        doc_official: "Official who decided",
        doc_official_of_body: |body| format!("an authorised official ({body})"),
        doc_decided_on: "Date of the decision",
        doc_applicant: "Applicant",
        doc_person_name: "Full name",
        doc_legal_name: "Name of the organisation",
        doc_residence: "Place of residence",
        doc_location: "Registered address",
        doc_complaint: "Complaint",
        doc_number: "Complaint number",
        doc_received_on: "Date received",
        doc_registered_on: "Date registered",
        doc_service: "Service",
        doc_official_appealed: "Official or employee whose decisions and actions (inaction) are appealed",
        doc_grounds: "Grounds of the complaint",
        doc_subject: "Decisions and actions (inaction) appealed",
        doc_decision: "Decision on the complaint",
        doc_satisfied: "Following the review, the complaint is satisfied.",
        doc_refused: "Following the review, the complaint is refused.",
        doc_remedy: "Remedy for the breach found",
        doc_measures: "Measures taken and grounds for the decision",
        doc_reasons: "Grounds for the refusal",
        doc_appeal: "How to appeal the decision",
        doc_appeal_general: "The decision on the complaint may be appealed in court as provided by the law of the Russian Federation.",
        doc_appeal_person: "A person may challenge the decision in a court of general jurisdiction under the Code of Administrative Procedure of the Russian Federation.",
        doc_appeal_legal: "An organisation may challenge the decision in an arbitration (commercial) court under the Arbitration Procedure Code of the Russian Federation when the dispute concerns business or other economic activity, and otherwise in a court of general jurisdiction under the Code of Administrative Procedure of the Russian Federation.",
        doc_signature_official: "Official",
        doc_signature_date: "Date",
        doc_page: |number, page, pages| format!("Reasoned reply on complaint No. {number}, page {page} of {pages}"),
    },
    cabinet: Cabinet {
        nav: "My complaints",
        title: "My complaints",
        sign_in_title: "Sign in to your complaints",
        sign_in_intro: "Your cabinet gathers every complaint filed with this e-mail address: on the portal, in a widget on a body's site, through a body's information system or on paper. Enter the address and we will send a sign-in code to it.",
        send_code: "Send me a code",
        code_title: "Enter the code from the e-mail",
        code_sent: |email| format!("We sent a sign-in code to {email}. It usually arrives within a minute; check the spam folder too."),
        code_hint: "The six digits from the e-mail. The code is valid for 10 minutes.",
        confirm: "Sign in",
        resend_code: "Send a new code",
        other_email: "Use another address",
        oidc_button: |provider| format!("Sign in with {provider}"),
        oidc_failed: "Signing in with the external account failed: it was cancelled, expired or gave no verified e-mail address. Try again or sign in with a code by e-mail.",
        link_title: "Sign in with the link from the e-mail",
        link_intro: "Press the button to sign in. The link works once.",
        link_button: "Sign in",
        link_invalid: "The link has expired or was already used. Sign in with a code by e-mail.",
        signed_in_as: |email| format!("Signed in as {email}"),
        sign_out: "Sign out",
        sign_out_everywhere: "Sign out on all devices",
        signed_out_everywhere: |count| format!("Signed out on all devices (sessions ended: {count})."),
        empty: "No complaints have been filed with this e-mail address yet.",
        intro: "Every complaint filed with your e-mail address, with its deadlines.",
        col_deadline: "Next deadline",
        open: "Open",
        back: "Back to my complaints",
    },
    mail: Mail {
        code_subject: "Your Appello sign-in code",
        code_body: |code, link, minutes| format!("Your sign-in code: {code}\n\nIt is valid for {minutes} minutes. You can also sign in with this link:\n{link}\n\nIf you did not ask for a code, just delete this e-mail."),
        subject: |number, what| format!("Complaint No. {number}: {what}"),
        received: |number, org| format!("Your complaint No. {number} about the decisions and actions of “{org}” has been received."),
        step: |number, org, what| format!("On your complaint No. {number} ({org}): {what}."),
        message_heading: "Message from the body:",
        reply_attached: "The reasoned reply is attached as a PDF (in Russian).",
        answer_where: "Answer the request, with documents if needed, in your account (link below) or on the “Check a complaint” page with the complaint number and access code.",
        follow: |link| format!("Follow the review in your cabinet: {link}"),
        deadline: |date| format!("The review is due by {date}."),
        footer: "This e-mail was sent automatically by the Appello complaint system; there is no need to reply.",
        overdue_subject: |count| format!("Overdue complaints: {count}"),
        overdue_body: |org, count, numbers, link| format!("“{org}” has {count} overdue complaints.\n\n{numbers}\n\nThe list: {link}"),
    },
    field_label,
    problem,
    file_size,
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
        UnansweredReason::NoNameOrAddress => "No surname of the applicant or no postal address for the reply",
        UnansweredReason::Abusive => "Obscene or offensive language, or threats to life, health or property",
        UnansweredReason::Unreadable => "The text of the complaint cannot be read",
    }
}

fn unanswered_message(reason: UnansweredReason) -> Option<&'static str> {
    match reason {
        UnansweredReason::NoNameOrAddress => None,
        UnansweredReason::Abusive => Some(
            "The complaint is left without an answer on its merits because it contains obscene or offensive language, or threats to the life, health or property of an official and their family. Abuse of the right to complain is not permitted.",
        ),
        UnansweredReason::Unreadable => Some(
            "The complaint was not answered because its text cannot be read. You may file it again.",
        ),
    }
}

fn urgency(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Overdue => "Overdue",
        Urgency::DueToday => "Due today",
        Urgency::Upcoming => "On time",
    }
}

fn field_label(field: Field) -> &'static str {
    match field {
        Field::Org => "Body",
        Field::Service => "Service",
        Field::Official => "Official or employee",
        Field::Grounds => "Grounds for the complaint",
        Field::GroundOther => "Other ground",
        Field::Subject => "Decisions and actions (or inaction) appealed",
        Field::Arguments => "Arguments",
        Field::ApplicantKind => "Who is complaining",
        Field::Surname => "Surname",
        Field::FirstName => "First name",
        Field::Patronymic => "Patronymic",
        Field::LegalName => "Name of the organisation",
        Field::Address => "Residence or registered address",
        Field::Phone => "Phone",
        Field::Email => "E-mail",
        Field::ReplyBy => "How to receive the reply",
        Field::PostalAddress => "Postal address for the reply",
        Field::Consent => "Consent to personal data processing",
        Field::Number => "Complaint number",
        Field::AccessCode => "Access code",
        Field::Reason => "Decision text for the applicant",
        Field::RemedyKind => "Kind of remedy",
        Field::Outcome => "Decision",
        Field::Password => "Password",
        Field::NewPassword => "New password",
        Field::NewPasswordRepeat => "New password again",
        Field::Website => "Leave this field empty",
        Field::Message => "Text for the applicant",
        Field::TargetOrg => "Competent body",
        Field::UnansweredReason => "Reason",
        Field::Note => "Grounds for the referral",
        Field::Assignee => "Reviewer",
        Field::Answer => "Your answer",
        Field::WithdrawConfirm => "Confirmation of withdrawal",
        Field::ReceivedOn => "Date received",
        Field::CalendarStatus => "Calendar status",
        Field::CalendarSource => "Source",
        Field::LoginCode => "Code from the e-mail",
        Field::Files => "Files",
        Field::Site => "Site",
        Field::Origins => "Site addresses (origins)",
        Field::Contact => "Contact",
        Field::OverlapDays => "Days the old key keeps working",
        Field::DeclineReason => "Reason for declining",
        Field::SwitchOffReason => "Reason for switching off",
        Field::Form => "Form",
    }
}

fn problem(field: Field, problem: Problem) -> String {
    let label = field_label(field);
    match (field, problem) {
        (Field::Consent, Problem::Missing) => {
            format!("Tick “{label}”: the complaint cannot be reviewed without it.")
        }
        (Field::WithdrawConfirm, Problem::Missing) => {
            format!("Tick “{}” to confirm the withdrawal.", TEXTS.workflow.withdraw_confirm)
        }
        (Field::Grounds, Problem::Missing) => "Tick at least one ground for the complaint.".to_string(),
        (field, Problem::Missing) if field.is_choice() => format!("Choose a value for “{label}”."),
        (_, Problem::Missing) => format!("Fill in “{label}”."),
        (_, Problem::TooLong { max }) => format!("“{label}”: at most {max} characters. Please shorten the text."),
        (_, Problem::TooShort { min }) => format!("“{label}”: at least {min} characters."),
        (_, Problem::InvalidEmail) => format!("“{label}”: enter an address like name@example.com."),
        (_, Problem::InvalidPhone) => format!(
            "“{label}”: enter the number only, 10 to 15 digits without letters or an extension, for example +7 900 123-45-67."
        ),
        (Field::Number, Problem::InvalidChoice) => {
            format!("“{label}”: the number has 14 digits, for example 2026-48213-90577.")
        }
        (Field::AccessCode, Problem::InvalidChoice) => {
            format!("“{label}”: the code has 10 Latin letters and digits, for example K7PQM-9XD2A.")
        }
        (Field::LoginCode, Problem::InvalidChoice) => format!("“{label}”: the code has 6 digits, for example 042817."),
        (_, Problem::InvalidChoice) => format!("“{label}”: choose one of the offered values."),
        (_, Problem::EmailNeededForReply) => {
            format!("“{label}”: enter an address, since you chose a reply by e-mail. Or choose a reply by post.")
        }
        (_, Problem::PostalAddressNeededForReply) => format!(
            "“{label}”: enter an address with the postcode, since you chose a reply by post. Or choose a reply by e-mail."
        ),
        (_, Problem::ControlCharacters) => {
            format!("“{label}”: remove control characters (and line breaks in one-line fields).")
        }
        (_, Problem::NotFoundByCode) => format!(
            "No complaint has this number and code. Check “{}” and “{label}”.",
            field_label(Field::Number)
        ),
        (_, Problem::WrongCredentials) => {
            format!("Wrong e-mail or password. Check “{}” and “{label}”.", field_label(Field::Email))
        }
        (_, Problem::ExpiredForm) => "The form has expired. Check what you entered and send it again.".to_string(),
        (_, Problem::InvalidDate) => format!("“{label}”: enter a date as YYYY-MM-DD, for example 2026-12-04."),
        (_, Problem::FutureDate) => format!("“{label}”: the date cannot be later than today."),
        (Field::RemedyKind, Problem::NotApplicable) => format!(
            "“{label}”: a remedy is recorded only when the complaint is satisfied. Clear it or choose “Satisfy the complaint”."
        ),
        (_, Problem::NotApplicable) => format!("“{label}”: it does not apply here. Clear it."),
        (_, Problem::Blank) => format!("“{label}”: spaces alone will not do. Type some text."),
        (_, Problem::SameAsOld) => format!("“{label}”: the new password must differ from the temporary one."),
        // Only the citizen's code request reports the limit on the e-mail field.
        (Field::Email, Problem::TooManyAttempts { minutes }) => format!(
            "“{label}”: sign-in codes were requested too often. Enter the code from the latest e-mail or ask for a new one in {minutes} minutes."
        ),
        (_, Problem::TooManyAttempts { minutes }) => {
            format!("Too many failed sign-ins. Try again in {minutes} minutes or ask your administrator.")
        }
        (_, Problem::TooManyRequests { minutes }) => {
            let minutes: i64 = minutes.to_owned();
            let wait = if minutes > 90 { format!("{} h", (minutes + 59) / 60) } else { format!("{minutes} min") };
            format!("Too many posts in a short time. Try again in {wait}; what you entered is kept in the form.")
        }
        (_, Problem::ProofOfWorkInvalid) => "The form's automatic check failed. Send the form again: the page has prepared a new check, which takes less than a second.".to_string(),
        (_, Problem::ProofOfWorkExpired) => "The form's automatic check has expired. Send the form again: the page has prepared a new check, which takes less than a second.".to_string(),
        (_, Problem::ProofOfWorkReused) => "This automatic check was already used by another post. Send the form again: the page has prepared a new check.".to_string(),
        (_, Problem::TooManyWorkingWeekends { max }) => format!(
            "More than {max} Saturdays and Sundays are marked as working days, which no decree does. Tick every non-working day of the year, weekends included."
        ),
        (_, Problem::CodeExpired) => format!(
            "“{label}”: the code has expired, was used, or was mistyped too many times. Ask for a new code."
        ),
        (_, Problem::WrongCode { attempts_left }) => format!(
            "“{label}”: the code is wrong. Check the digits in the latest e-mail; tries left: {attempts_left}."
        ),
        (_, Problem::FileTooLarge { name, max_mb }) => format!(
            "The file “{name}” is larger than {max_mb} MB. Make it smaller (compress it or split it) and choose the files again."
        ),
        (_, Problem::FileTypeNotAllowed { name }) => format!(
            "The file “{name}” is not a PDF, JPEG or PNG. Save the document in one of these formats and choose the files again."
        ),
        (_, Problem::TooManyFiles { max }) => format!(
            "“{label}”: attach at most {max} files at a time. Choose fewer files or combine them into one PDF."
        ),
        (_, Problem::ComplaintFilesFull { name, max_mb, left_kb }) => format!(
            "The file “{name}” does not fit: all files of a complaint together may not exceed {max_mb} MB, and {left_kb} KB are left. Make the files smaller or attach fewer."
        ),
        (_, Problem::FilesNotKept { count }) => format!(
            "“{label}”: the form has errors, so the files you chose ({count}) were not saved. Correct the errors, then choose the files again before sending."
        ),
        (_, Problem::UploadTooLarge { max_mb }) => format!(
            "“{label}”: the files together are larger than {max_mb} MB. Choose fewer files or make them smaller."
        ),
        (_, Problem::AlreadyDone) => "This action has already been taken on the complaint. Reload the page.".to_string(),
        (_, Problem::MustBeEmpty) => {
            format!("Clear “{label}”: it is hidden from people and protects the form from automated posting.")
        }
        (_, Problem::PasswordsDiffer) => {
            format!("“{label}”: the passwords differ. Enter the same password twice.")
        }
        (_, Problem::InvalidOrigin { value }) => format!(
            "“{label}”: “{value}” is not a site address. Write one address a line as https://site or https://site:port, without a path, for example https://mvd.example.ru."
        ),
        (_, Problem::TooManyOrigins { max }) => format!(
            "“{label}”: at most {max} addresses for one key. Ask for another key for other sites."
        ),
        (_, Problem::OutOfRange { min, max }) => format!("“{label}”: enter a whole number from {min} to {max}."),
    }
}

fn ground(ground: Ground) -> &'static str {
    match ground {
        Ground::RegistrationDeadline => "Missed deadline for registering the request for the service",
        Ground::ServiceDeadline => "Missed deadline for providing the service",
        Ground::ExtraDocuments => "Demand for documents or actions not required by law",
        Ground::DocumentsRefused => "Refusal to accept documents that the law requires",
        Ground::ServiceRefused => "Refusal of the service on grounds not in the law",
        Ground::IllegalFee => "Demand for a fee not provided for by law",
        Ground::CorrectionRefused => {
            "Refusal to correct typos or errors in issued documents, or a missed deadline for that"
        }
        Ground::ResultIssueBreach => "Breach of the deadline or procedure for issuing the result of the service",
        Ground::IllegalSuspension => "Suspension of the service on grounds not in the law",
        Ground::UndisclosedDocuments => "Demand for documents whose absence was not cited at the first refusal",
        Ground::Other => "Other",
    }
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Submitted => "Submitted",
        Status::Registered => "Registered",
        Status::UnderReview => "Under review",
        Status::InfoRequested => "Information requested",
        Status::Redirected => "Forwarded to the competent body",
        Status::LeftUnanswered => "Left without an answer",
        Status::Satisfied => "Satisfied",
        Status::Refused => "Refused",
        Status::Remedied => "Remedied",
        Status::Withdrawn => "Withdrawn by the applicant",
    }
}

fn event_name(action: Action) -> &'static str {
    match action {
        Action::Submit => "Complaint submitted",
        Action::Register => "Complaint registered",
        Action::StartReview => "Review started",
        Action::RequestInfo => "Further information requested",
        Action::AnswerInfo => "The applicant provided information",
        Action::Decide(Outcome::Satisfied) => "Complaint satisfied",
        Action::Decide(Outcome::Refused) => "Complaint refused",
        Action::Remedy => "Violation remedied",
        Action::Redirect => "Complaint forwarded to the competent body",
        Action::LeaveUnanswered => "Complaint left without an answer",
        Action::Withdraw => "Complaint withdrawn by the applicant",
        Action::ReferToProsecutor => "Materials sent to the prosecutor's office",
        Action::Assign => "Reviewer assigned",
    }
}

fn remedy_kind(kind: RemedyKind) -> &'static str {
    match kind {
        RemedyKind::DecisionCancelled => "The decision is cancelled",
        RemedyKind::ErrorsCorrected => "Typos and errors in the issued documents are corrected",
        RemedyKind::FeeRefunded => "The unlawful fee is refunded",
        RemedyKind::Other => "Other remedy",
    }
}

fn channel(code: &str) -> &'static str {
    match code {
        "portal" => "Appello portal",
        "widget" => "Widget on the body's website",
        "api" => "The body's information system",
        "paper" => "In writing or in person",
        _ => "Not recorded",
    }
}

/// "850 KB" or "1.4 MB".
fn file_size(bytes: u64) -> String {
    super::format_file_size(bytes, "KB", "MB", '.')
}
