//! Texts of switching a key's widget off and on: the operator's forms on `/admin/keys`, the
//! state on the key cards, and the widget page while it is off.

use super::Lang;

pub struct SwitchTexts {
    pub off_title: &'static str,
    pub off_hint: &'static str,
    pub off_submit: &'static str,
    pub on_title: &'static str,
    pub on_hint: &'static str,
    pub on_submit: &'static str,
    /// The row label on a key card.
    pub state_label: &'static str,
    /// The state while off: the Moscow time it was switched off and the operator's reason.
    pub state_off: fn(&str, &str) -> String,
    pub state_on: &'static str,
    /// The message of the widget page while the widget is off, above the link to the portal.
    pub widget_off: &'static str,
}

pub fn switch_texts(lang: Lang) -> &'static SwitchTexts {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}

static RU: SwitchTexts = SwitchTexts {
    off_title: "Выключить виджет",
    off_hint: "Виджет на сайте перестанет принимать жалобы и покажет сообщение со ссылкой на портал. \
        Ключ, адреса сайтов и код для вставки сохранятся, виджет можно включить снова. \
        Причину увидят операторы и администратор органа.",
    off_submit: "Выключить виджет",
    on_title: "Включить виджет",
    on_hint: "Виджет снова начнёт принимать жалобы.",
    on_submit: "Включить виджет",
    state_label: "Виджет",
    state_off: |at, reason| format!("выключен оператором {at}. Причина: {reason}"),
    state_on: "включён",
    widget_off: "Приём жалоб через этот виджет временно приостановлен. Подайте жалобу на портале: \
        она будет рассмотрена так же.",
};

static EN: SwitchTexts = SwitchTexts {
    off_title: "Switch the widget off",
    off_hint: "The widget on the site stops accepting complaints and shows a message with a link to the \
        portal. The key, its site addresses and its snippet stay, and the widget can be switched on again. \
        Operators and the body's administrator see the reason.",
    off_submit: "Switch the widget off",
    on_title: "Switch the widget on",
    on_hint: "The widget accepts complaints again.",
    on_submit: "Switch the widget on",
    state_label: "Widget",
    state_off: |at, reason| format!("switched off by an operator on {at}. Reason: {reason}"),
    state_on: "on",
    widget_off: "Filing complaints through this widget is suspended for now. File your complaint on the \
        portal: it is reviewed the same way.",
};
