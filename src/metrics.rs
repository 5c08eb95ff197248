//! Keystroke → views-updated latency, measured in the page and published
//! as `window.aspectPlayground.latencies` (milliseconds) for the
//! end-to-end tests and the status bar.

use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

thread_local! {
    /// Edits not yet sent to the engine (their times).
    static UNSENT: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
    /// Request id → the edits it carries.
    static SENT: RefCell<BTreeMap<u64, Vec<f64>>> = const { RefCell::new(BTreeMap::new()) };
}

/// The user changed the text now.
pub fn edited(at: f64) {
    UNSENT.with(|u| u.borrow_mut().push(at));
}

/// Request `id` carries every edit so far.
pub fn sent(id: u64) {
    let edits = UNSENT.with(|u| std::mem::take(&mut *u.borrow_mut()));
    if !edits.is_empty() {
        SENT.with(|s| s.borrow_mut().insert(id, edits));
    }
}

/// The views now show request `id`'s result: every edit it (or an older,
/// superseded request) carried is done.
pub fn shown(id: u64, at: f64) {
    let done: Vec<f64> = SENT.with(|s| {
        let mut s = s.borrow_mut();
        let later = s.split_off(&(id + 1));
        let done = std::mem::replace(&mut *s, later);
        done.into_values().flatten().collect()
    });
    if done.is_empty() {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let list = crate::published("latencies", || js_sys::Array::new().into());
    let list: js_sys::Array = list.unchecked_into();
    for t in done {
        list.push(&JsValue::from_f64(at - t));
    }
    let _ = window;
}
