//! Solves the complaint form's proof-of-work challenge in the browser, from page load on, so
//! that the solution is usually ready long before the citizen sends the form.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlFormElement};

use crate::domain::pow::{solve_range, Challenge, CHALLENGE_FIELD, SOLUTION_FIELD};

/// Counters tried per slice before the search yields to the event loop. At the assumed
/// 300,000 hashes a second of a phone, a slice takes about 30 ms, so input stays responsive.
const SLICE: u64 = 8192;

/// One running search and the hidden input that receives its result.
struct Search {
    challenge: String,
    difficulty: u8,
    next: Cell<u64>,
    solution_input: Element,
}

/// Starts solving the challenge of `form`, if it has one and no solution yet.
pub fn start(form: &HtmlFormElement) {
    let field = |name: &str| form.query_selector(&format!("input[name={name}]")).ok().flatten();
    let (Some(challenge_input), Some(solution_input)) = (field(CHALLENGE_FIELD), field(SOLUTION_FIELD)) else {
        return;
    };
    // Hidden inputs keep their value in the `value` attribute, which the server rendered.
    let challenge = challenge_input.get_attribute("value").unwrap_or_default();
    let Some(parsed) = Challenge::parse(&challenge) else {
        return;
    };
    if !solution_input.get_attribute("value").unwrap_or_default().is_empty() {
        return;
    }
    schedule(Rc::new(Search { challenge, difficulty: parsed.difficulty, next: Cell::new(0), solution_input }));
}

fn step(search: Rc<Search>) {
    let first = search.next.get();
    match solve_range(&search.challenge, search.difficulty, first, SLICE) {
        Some(counter) => {
            let _ = search.solution_input.set_attribute("value", &counter.to_string());
        }
        None => {
            search.next.set(first.saturating_add(SLICE));
            schedule(search);
        }
    }
}

/// Runs the next slice from a zero-delay timer, after the events already queued.
fn schedule(search: Rc<Search>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(move || step(search));
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
}
