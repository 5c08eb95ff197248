//! "Download flake": the workspace's evaluated repo as a real flake
//! (flake-parts, flake-aspects and import-tree inputs; the files under
//! `modules/`). The worker writes the files (the export reads them with
//! rnix, which only the worker bundles); the page zips them.

use crate::state::use_store;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn download_bytes(name: &str, bytes: &[u8]) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/zip");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "could not make the file")?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "could not make the file")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "could not make the link")?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

#[component]
pub fn DownloadFlake() -> impl IntoView {
    let store = use_store();
    let click = move |_| {
        let repo = store.default_repo();
        let result = store
            .workspace
            .with_untracked(|ws| aspects_export::flake_files(ws, &repo));
        match result {
            Ok(files) => {
                let bytes = aspects_export::zip(&files);
                match download_bytes("aspect-flake.zip", &bytes) {
                    Ok(()) => store.notice.set(Some(format!(
                        "Downloaded aspect-flake.zip ({} files): unzip it and run `nix flake show` or see its README.",
                        files.len()
                    ))),
                    Err(e) => store.notice.set(Some(format!("Could not download: {e}."))),
                }
            }
            Err(e) => store
                .notice
                .set(Some(format!("This workspace cannot be exported yet: {e}"))),
        }
    };
    view! {
        <button on:click=click title="Download the workspace as a real flake (zip)" data-testid="download-flake">"Download flake"</button>
    }
}
