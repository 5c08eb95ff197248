//! Embed mode, for documentation sites: `?embed` with the code in the
//! fragment (a share link's `#v1.…`). Parameters:
//!
//! - `view`: `graph` (default), `modules`, `config`, `aspects`, or
//!   `editor+<view>` for the code beside one view; `editor` alone shows
//!   the code only.
//! - `readonly=1`: the code cannot be edited.
//! - `fit=code`: the frame is as tall as the code (no inner scrolling).
//! - `theme=auto|light|dark`.
//! - `embedId`: echoed in the resize messages so the parent page knows
//!   which frame they are for.
//!
//! The embed tells its parent its height with `postMessage`
//! (`{ type: "aspect-playground:resize", id, height }`, see
//! public/embed.js); it never reads or runs anything the parent sends.
//! It neither restores nor autosaves the user's own work.

use crate::state::{Theme, View};

#[derive(Debug, Clone, PartialEq)]
pub struct EmbedOptions {
    pub editor: bool,
    /// The view beside (or instead of) the editor; none: code only.
    pub view: Option<View>,
    pub read_only: bool,
    pub fit_code: bool,
    pub theme: Theme,
    pub id: String,
}

/// The embed options of a query string (`?embed&view=…`), or `None`
/// when the page is not an embed.
pub fn from_query(query: &str) -> Option<EmbedOptions> {
    let pairs: Vec<(String, String)> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    get("embed")?;
    let view_param = get("view").unwrap_or("graph").replace("%2B", "+");
    let (editor, view_name) = match view_param.as_str() {
        "editor" => (true, None),
        v => match v
            .strip_prefix("editor+")
            .or_else(|| v.strip_prefix("editor "))
        {
            Some(rest) => (true, Some(rest)),
            None => (false, Some(v)),
        },
    };
    let view = view_name.map(|name| View::from_id(name).unwrap_or(View::Graph));
    let flag = |k: &str| matches!(get(k), Some("" | "1" | "true" | "yes"));
    let theme = match get("theme") {
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        _ => Theme::Auto,
    };
    let id: String = get("embedId")
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(64)
        .collect();
    Some(EmbedOptions {
        editor,
        view,
        read_only: flag("readonly"),
        fit_code: get("fit") == Some("code"),
        theme,
        id,
    })
}

/// The full playground's URL for an embed's URL: same page and state,
/// without the embed parameters.
pub fn playground_url(href: &str) -> String {
    let (before_hash, hash) = match href.split_once('#') {
        Some((b, h)) => (b, Some(h)),
        None => (href, None),
    };
    let path = before_hash.split('?').next().unwrap_or(before_hash);
    match hash {
        Some(h) if !h.is_empty() => format!("{path}#{h}"),
        _ => path.to_string(),
    }
}

/// Tells the parent page this document's height whenever it changes.
pub fn report_height(id: String) {
    use wasm_bindgen::prelude::*;
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(parent) = window.parent() else { return };
    let Some(parent) = parent else { return };
    let Some(root) = window.document().and_then(|d| d.document_element()) else {
        return;
    };
    let last = std::cell::Cell::new(-1i32);
    let measure = root.clone();
    let send = Closure::<dyn Fn()>::new(move || {
        let height = measure.scroll_height();
        if height == last.get() {
            return;
        }
        last.set(height);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"aspect-playground:resize".into());
        let _ = js_sys::Reflect::set(&message, &"id".into(), &id.as_str().into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        // Only a height leaves the frame, so any parent may read it.
        let _ = parent.post_message(&message, "*");
    });
    let callback: &js_sys::Function = send.as_ref().unchecked_ref();
    if let Ok(observer) = web_sys::ResizeObserver::new(callback) {
        observer.observe(&root);
        if let Some(body) = window.document().and_then(|d| d.body()) {
            observer.observe(&body);
        }
        std::mem::forget(observer);
    }
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback, 300);
    send.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_an_embed_without_the_flag() {
        assert_eq!(from_query(""), None);
        assert_eq!(from_query("?editor=plain"), None);
    }

    #[test]
    fn parameters() {
        let o =
            from_query("?embed&view=editor%2Bconfig&readonly=1&fit=code&theme=dark&embedId=ex-1")
                .unwrap();
        assert!(o.editor && o.read_only && o.fit_code);
        assert_eq!(o.view, Some(View::Config));
        assert_eq!(o.theme, Theme::Dark);
        assert_eq!(o.id, "ex-1");
        let d = from_query("?embed").unwrap();
        assert_eq!(
            (d.editor, d.view, d.read_only, d.fit_code),
            (false, Some(View::Graph), false, false)
        );
        let code = from_query("?embed=1&view=editor").unwrap();
        assert!(code.editor && code.view.is_none());
        // Unknown views fall back to the graph; hostile ids are cleaned.
        let odd = from_query("?embed&view=<script>&embedId=a\"><b").unwrap();
        assert_eq!(odd.view, Some(View::Graph));
        assert_eq!(odd.id, "ab");
    }

    #[test]
    fn open_in_playground_drops_the_embed_parameters() {
        assert_eq!(
            playground_url("https://x.org/play/?embed&view=graph#v1.abc"),
            "https://x.org/play/#v1.abc"
        );
        assert_eq!(
            playground_url("https://x.org/play/index.html?embed"),
            "https://x.org/play/index.html"
        );
    }
}
