//! The file tabs of a workspace: one tab per file (`repo/path`), add,
//! rename and delete, and import-tree's rules made visible — files under a
//! `_`-prefixed path are ignored by import-tree, files with `private` in
//! their path are not shared by Dendrix.

use crate::state::use_store;
use aspects_engine::workspace::Workspace;
use leptos::prelude::*;

/// What import-tree and Dendrix make of a file (shown on its tab).
pub fn file_note(path: &str) -> Option<&'static str> {
    if path.split('/').any(|c| c.starts_with('_')) {
        Some("ignored by import-tree (a path component starts with _)")
    } else if !path.ends_with(".nix") {
        Some("not a .nix file: import-tree skips it")
    } else if path.contains("private") {
        Some("private: Dendrix does not share it")
    } else {
        None
    }
}

fn ask(question: &str, default: &str) -> Option<String> {
    web_sys::window()?
        .prompt_with_message_and_default(question, default)
        .ok()
        .flatten()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn tell(message: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.alert_with_message(message);
    }
}

/// Adds `full` (`repo/path`) to the workspace; `Err` explains why not.
pub fn add_file(ws: &mut Workspace, full: &str) -> Result<usize, String> {
    let (repo, path) = aspects_engine::workspace::text::split_path(full)?;
    ws.add_file(&repo, &path, "{ ... }:\n{\n}\n")
        .map_err(|e| e.to_string())?;
    Ok(ws.files.len() - 1)
}

/// Renames file `i` to `full`, keeping its text and place.
pub fn rename_file(ws: &mut Workspace, i: usize, full: &str) -> Result<(), String> {
    let mut trial = ws.clone();
    let file = trial.files.remove(i);
    let (repo, path) = aspects_engine::workspace::text::split_path(full)?;
    trial
        .add_file(&repo, &path, &file.text)
        .map_err(|e| e.to_string())?;
    let renamed = trial.files.pop().expect("just added");
    trial.files.insert(i, renamed);
    *ws = trial;
    Ok(())
}

#[component]
pub fn FileTabs() -> impl IntoView {
    let store = use_store();
    let files = move || {
        store.workspace.with(|w| {
            w.files
                .iter()
                .enumerate()
                .map(|(i, f)| (i, format!("{}/{}", f.repo, f.path), file_note(&f.path)))
                .collect::<Vec<_>>()
        })
    };
    let add = move |_| {
        let Some(name) = ask("New file (repo/path.nix):", "main/modules/new.nix") else {
            return;
        };
        let mut ws = store.workspace.get_untracked();
        match add_file(&mut ws, &name) {
            Ok(i) => {
                store.workspace.set(ws);
                store.active.set(i);
            }
            Err(e) => tell(&e),
        }
    };
    let rename = move |_| {
        let i = store.active.get_untracked();
        let Some(old) = store
            .workspace
            .with_untracked(|w| w.files.get(i).map(|f| format!("{}/{}", f.repo, f.path)))
        else {
            return;
        };
        let Some(name) = ask("Rename to (repo/path.nix):", &old) else {
            return;
        };
        let mut ws = store.workspace.get_untracked();
        match rename_file(&mut ws, i, &name) {
            Ok(()) => store.workspace.set(ws),
            Err(e) => tell(&e),
        }
    };
    let delete = move |_| {
        let i = store.active.get_untracked();
        let count = store.workspace.with_untracked(|w| w.files.len());
        if count <= 1 {
            tell("A workspace keeps at least one file.");
            return;
        }
        let name = store
            .workspace
            .with_untracked(|w| format!("{}/{}", w.files[i].repo, w.files[i].path));
        let sure = web_sys::window()
            .and_then(|w| w.confirm_with_message(&format!("Delete {name}?")).ok())
            .unwrap_or(false);
        if sure {
            store.workspace.update(|w| {
                w.files.remove(i);
            });
            store.active.set(i.saturating_sub(1));
        }
    };
    view! {
        <div class="file-tabs" role="tablist" aria-label="Files">
            <For each=files key=|(i, name, _)| (*i, name.clone()) let:file>
                {
                    let (i, name, note) = file;
                    view! {
                        <button
                            role="tab"
                            class="file-tab"
                            class:active=move || store.active.get() == i
                            class:ignored=note.is_some_and(|n| !n.starts_with("private"))
                            class:private=note.is_some_and(|n| n.starts_with("private"))
                            aria-selected=move || (store.active.get() == i).to_string()
                            title=note.unwrap_or("")
                            on:click=move |_| store.active.set(i)
                        >
                            {name}
                        </button>
                    }
                }
            </For>
            <span class="file-actions">
                <button class="small" on:click=add title="Add a file">"+ File"</button>
                <button class="small" on:click=rename title="Rename the open file">"Rename"</button>
                <button class="small" on:click=delete title="Delete the open file">"Delete"</button>
            </span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_follow_import_tree_and_dendrix() {
        assert_eq!(file_note("modules/a.nix"), None);
        assert!(file_note("modules/_wip/a.nix").unwrap().contains("ignored"));
        assert!(file_note("modules/community/private/a.nix")
            .unwrap()
            .starts_with("private"));
        assert!(file_note("README.md").unwrap().contains("skips"));
    }

    #[test]
    fn add_and_rename_check_paths() {
        let mut ws = Workspace::single("{ }");
        assert_eq!(add_file(&mut ws, "main/modules/b.nix"), Ok(1));
        assert!(add_file(&mut ws, "main/modules/b.nix").is_err());
        assert!(add_file(&mut ws, "main/../x.nix").is_err());
        rename_file(&mut ws, 1, "other/modules/c.nix").unwrap();
        assert_eq!(ws.files[1].repo, "other");
        assert_eq!(ws.files[1].path, "modules/c.nix");
        assert!(rename_file(&mut ws, 1, "main/modules/main.nix").is_err());
        assert_eq!(
            ws.files[1].path, "modules/c.nix",
            "a failed rename changes nothing"
        );
    }
}
