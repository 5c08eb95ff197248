//! The CodeMirror 6 bundle's API (web/editor, loaded as the global
//! `AspectEditor`), called through wasm-bindgen. Offsets are UTF-16.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An editor created by `AspectEditor.create`.
    pub type CmHandle;

    #[wasm_bindgen(js_namespace = AspectEditor, js_name = create, catch)]
    fn cm_create(parent: &web_sys::HtmlElement, options: &JsValue) -> Result<CmHandle, JsValue>;

    #[wasm_bindgen(method, js_name = getText)]
    pub fn get_text(this: &CmHandle) -> String;
    #[wasm_bindgen(method, js_name = setText)]
    pub fn set_text(this: &CmHandle, text: &str);
    #[wasm_bindgen(method, js_name = setDiagnostics)]
    pub fn set_diagnostics(this: &CmHandle, list: &JsValue);
    #[wasm_bindgen(method)]
    pub fn reveal(this: &CmHandle, from: u32, to: u32);
    #[wasm_bindgen(method, js_name = setTheme)]
    pub fn set_theme(this: &CmHandle, theme: &str);
    #[wasm_bindgen(method, js_name = setReadOnly)]
    pub fn set_read_only(this: &CmHandle, read_only: bool);
}

/// Whether the bundle loaded.
pub fn available() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"AspectEditor".into())
        .map(|v| v.is_object())
        .unwrap_or(false)
}

/// Creates an editor in `parent`; `None` if the bundle is missing or
/// throws.
pub fn create(
    parent: &web_sys::HtmlElement,
    doc: &str,
    theme: &str,
    label: &str,
    read_only: bool,
    on_change: &js_sys::Function,
    on_cursor: &js_sys::Function,
) -> Option<CmHandle> {
    if !available() {
        return None;
    }
    let options = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&options, &k.into(), v);
    };
    set("doc", &doc.into());
    set("theme", &theme.into());
    set("readOnly", &read_only.into());
    set("label", &label.into());
    set("onChange", on_change);
    set("onCursor", on_cursor);
    cm_create(parent, &options).ok()
}

/// One lint marker.
pub fn diagnostic(from: usize, to: usize, severity: &str, message: &str) -> JsValue {
    let d = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&d, &"from".into(), &(from as u32).into());
    let _ = js_sys::Reflect::set(&d, &"to".into(), &(to as u32).into());
    let _ = js_sys::Reflect::set(&d, &"severity".into(), &severity.into());
    let _ = js_sys::Reflect::set(&d, &"message".into(), &message.into());
    d.into()
}
