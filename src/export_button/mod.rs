//! "Download flake": the workspace's evaluated repo as a real flake
//! (flake-parts, flake-aspects and import-tree inputs; the files under
//! `modules/`). The worker writes the files (the export reads them with
//! rnix, which only the worker bundles); the page zips them.

use crate::browser::download;
use crate::state::use_store;
use leptos::prelude::*;

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
                match download("aspect-flake.zip", "application/zip", &bytes) {
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
