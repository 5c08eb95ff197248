//! Share links and autosave: the state in the URL fragment (the
//! aspects-share codec, `#v1.…`), and the workspace kept in localStorage
//! so a reload, a bad link or a crash never loses work.

use crate::browser::{copy_text as copy, storage};
use crate::state::{use_store, Store, View};
use aspects_engine::workspace::Workspace;
use aspects_share::{
    decode, embed_snippet, encode, is_long, link, markdown, SharedState, LONG_LINK_WARNING,
};
use aspects_view::history::fingerprint;
use gloo_timers::future::TimeoutFuture;
use leptos::{prelude::*, task::spawn_local};

const AUTOSAVE_KEY: &str = "aspect-playground.autosave.v1";
/// The fingerprint of a workspace that stopped the engine (timeout or
/// crash): the next load offers safe mode instead of running it again.
const TROUBLE_KEY: &str = "aspect-playground.trouble.v1";
const CHANNEL: &str = "aspect-playground";
const AUTOSAVE_DELAY_MS: u32 = 400;

fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page's URL without its fragment.
fn base_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// The state to share now.
pub fn current_state(store: &Store) -> SharedState {
    let i = store.active.get_untracked();
    SharedState {
        workspace: store.workspace.with_untracked(Workspace::print),
        view: Some(store.view.get_untracked().id().to_string()),
        class: store.class.get_untracked(),
        aspect: store.aspect.get_untracked(),
        file: store
            .workspace
            .with_untracked(|w| w.files.get(i).map(|f| format!("{}/{}", f.repo, f.path))),
    }
}

/// Applies a decoded link: workspace (undoable), view and selection.
fn apply_state(store: &Store, s: SharedState) -> Result<(), String> {
    let ws = Workspace::parse(&s.workspace)
        .map_err(|e| format!("the link's workspace is not valid: {e}"))?;
    store.load("a shared link", ws);
    if let Some(v) = s.view.as_deref().and_then(View::from_id) {
        store.view.set(v);
    }
    store.class.set(s.class);
    store.aspect.set(s.aspect);
    if let Some(f) = s.file {
        if let Some(i) = store.workspace.with_untracked(|w| {
            w.files
                .iter()
                .position(|x| format!("{}/{}", x.repo, x.path) == f)
        }) {
            store.active.set(i);
        }
    }
    Ok(())
}

/// At start: the autosaved workspace, then the link's state on top (so
/// undo goes back to the autosaved work).
pub fn restore(store: &Store) {
    if let Some(saved) = storage().and_then(|s| s.get_item(AUTOSAVE_KEY).ok().flatten()) {
        if let Ok(ws) = Workspace::parse(&saved) {
            store.workspace.set(ws);
        }
        let trouble = storage().and_then(|s| s.get_item(TROUBLE_KEY).ok().flatten());
        if trouble.is_some_and(|t| t == fingerprint(&saved)) {
            store.paused.set(true);
        }
    }
    let hash = location_hash();
    if hash.len() > 1 {
        let outcome = decode(&hash)
            .map_err(|e| e.to_string())
            .and_then(|s| apply_state(store, s));
        if let Err(e) = outcome {
            store.notice.set(Some(format!(
                "This link could not be opened: {e}. Your own work is unchanged."
            )));
        }
    }
}

/// In an embed: the link's state only (no autosaved work is read).
pub fn restore_link_only(store: &Store) {
    let hash = location_hash();
    if hash.len() > 1 {
        let outcome = decode(&hash)
            .map_err(|e| e.to_string())
            .and_then(|s| apply_state(store, s));
        if let Err(e) = outcome {
            store
                .notice
                .set(Some(format!("This embed's code could not be read: {e}")));
        }
        store.undo.set(None);
    }
}

thread_local! {
    /// Request id → fingerprint of the workspace text it carried.
    static SENT: std::cell::RefCell<std::collections::BTreeMap<u64, String>> =
        const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
}

/// Request `id` carries `text` (for safe mode's bookkeeping).
pub fn sent(id: u64, text: &str) {
    SENT.with(|m| {
        let mut m = m.borrow_mut();
        m.insert(id, fingerprint(text));
        // Only recent requests matter.
        while m.len() > 64 {
            m.pop_first();
        }
    });
}

fn text_of_request(id: u64) -> Option<String> {
    SENT.with(|m| m.borrow().get(&id).cloned())
}

/// Request `id` stopped the engine (timeout or crash): remember its text.
pub fn mark_trouble(id: u64) {
    if let (Some(fp), Some(s)) = (text_of_request(id), storage()) {
        let _ = s.set_item(TROUBLE_KEY, &fp);
    }
}

/// Request `id` evaluated: if its text was the troubled one, it is fine.
pub fn clear_trouble(id: u64) {
    let Some(s) = storage() else { return };
    let trouble = s.get_item(TROUBLE_KEY).ok().flatten();
    if trouble.is_some() && trouble == text_of_request(id) {
        let _ = s.remove_item(TROUBLE_KEY);
    }
}

/// Saves the workspace shortly after each change, and tells other tabs
/// (BroadcastChannel) so that two tabs never silently overwrite each
/// other: a tab that hears of a newer save stops autosaving and asks.
pub fn autosave(store: Store) {
    let tab = format!("{}", js_sys::Math::random());
    let channel = web_sys::BroadcastChannel::new(CHANNEL).ok();
    if let Some(ch) = &channel {
        let me = tab.clone();
        let on_message = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
            move |ev: web_sys::MessageEvent| {
                let from = ev.data().as_string().unwrap_or_default();
                if !from.is_empty() && from != me {
                    store.other_tab.set(true);
                }
            },
        );
        ch.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(
            on_message.as_ref(),
        )));
        on_message.forget();
    }
    let channel = StoredValue::new_local(channel);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let text = store.workspace.with(Workspace::print);
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        let tab = tab.clone();
        spawn_local(async move {
            TimeoutFuture::new(AUTOSAVE_DELAY_MS).await;
            if generation.get_value() != mine || store.other_tab.get_untracked() {
                return;
            }
            if let Some(s) = storage() {
                let _ = s.set_item(AUTOSAVE_KEY, &text);
            }
            channel.with_value(|c| {
                if let Some(c) = c {
                    let _ = c.post_message(&tab.as_str().into());
                }
            });
        });
    });
}

/// "Keep this tab's work": autosave again (this tab's work wins).
pub fn keep_this_tab(store: &Store) {
    store.other_tab.set(false);
    // Save now: re-setting the workspace runs the autosave effect.
    store.workspace.update(|_| {});
}

/// "Load the other tab's work" (undoable).
pub fn load_other_tab(store: &Store) {
    if let Some(saved) = storage().and_then(|s| s.get_item(AUTOSAVE_KEY).ok().flatten()) {
        if let Ok(ws) = Workspace::parse(&saved) {
            store.load("the other tab's work", ws);
        }
    }
    store.other_tab.set(false);
}

/// The share link of the current state; also put in the address bar.
pub fn share_link(store: &Store) -> String {
    let url = link(&base_url(), &current_state(store));
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
    url
}

#[component]
pub fn ShareButtons() -> impl IntoView {
    let store = use_store();
    let copy_link = move |_| {
        let url = share_link(&store);
        copy(&url);
        let mut message = format!("Link copied ({} characters).", url.len());
        if is_long(&url) {
            message.push_str(&format!(
                " It is longer than {LONG_LINK_WARNING} characters: some chat tools cut such links."
            ));
        }
        store.notice.set(Some(message));
    };
    let copy_markdown = move |_| {
        let url = share_link(&store);
        copy(&markdown(
            &store.workspace.with_untracked(Workspace::print),
            &url,
        ));
        store
            .notice
            .set(Some("Markdown copied (code block and link).".into()));
    };
    let copy_embed = move |_| {
        let state = current_state(&store);
        let view = match store.view.get_untracked() {
            View::Json | View::Diagnostics => "graph".to_string(),
            v => v.id().to_string(),
        };
        let url = format!(
            "{}?embed=1&view=editor%2B{view}#{}",
            base_url().split('?').next().unwrap_or_default(),
            encode(&state)
        );
        copy(&embed_snippet(&url, "Aspect Playground", 420));
        store.notice.set(Some(
            "Embed snippet copied (an <iframe> for your page).".into(),
        ));
    };
    view! {
        <button on:click=copy_link title="Copy a link to this workspace and view" data-testid="copy-link">"Copy link"</button>
        <button on:click=copy_markdown title="Copy the code as a Markdown block with a link">"Copy Markdown"</button>
        <button on:click=copy_embed title="Copy an <iframe> that embeds this workspace in a web page" data-testid="copy-embed">"Copy embed"</button>
    }
}
