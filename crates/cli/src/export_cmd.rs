//! `aspects export`: a workspace repo as a real flake ("Download as
//! flake" on the command line), written into a folder or a `.zip`.
//!
//! The input is read as `aspects eval` reads it: a workspace text (a file
//! not ending in `.nix`, or any file with `-- repo/path/file.nix --`
//! header lines), one `.nix` file, or a folder whose `*.nix` files are the
//! modules; the last two become repo `main` with the files under `modules/`.

use aspects_engine::workspace::{self, text, Workspace};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct ExportArgs {
    /// A workspace text, a `.nix` file, or a folder of `.nix` files.
    input: String,
    /// The folder to write the flake into (created if needed; it must be
    /// empty unless --force).
    #[arg(required_unless_present = "zip")]
    dir: Option<String>,
    /// The repo of a workspace text to export (default: its last repo).
    #[arg(long)]
    repo: Option<String>,
    /// Write a `.zip` archive (files inside `aspect-flake/`) instead of, or
    /// besides, the folder.
    #[arg(long, value_name = "FILE.zip")]
    zip: Option<String>,
    /// Write into a folder that is not empty (files of the export are
    /// replaced, other files are left), or over an existing zip file.
    #[arg(long)]
    force: bool,
}

pub fn run(args: ExportArgs) -> ExitCode {
    match export(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn export(args: &ExportArgs) -> Result<(), String> {
    let ws = read_input(Path::new(&args.input))?;
    let repo = workspace::choose_repo(&ws, args.repo.as_deref())?;
    let files = aspects_export::flake_files(&ws, &repo).map_err(|e| e.to_string())?;
    let others: Vec<&str> = files
        .iter()
        .filter_map(|(p, _)| {
            p.strip_prefix(&format!("{}/", aspects_export::REPOS_DIR))?
                .strip_suffix("/flake.nix")
        })
        .collect();
    let with = if others.is_empty() {
        String::new()
    } else {
        format!(" with repo{} {}", plural(others.len()), others.join(", "))
    };
    if let Some(dir) = &args.dir {
        write_dir(Path::new(dir), &files, args.force)?;
        println!(
            "wrote {} file{} to {dir}: repo `{repo}'{with} as a flake",
            files.len(),
            plural(files.len())
        );
        println!(
            "evaluate it: cd {dir} && nix --extra-experimental-features 'nix-command flakes' eval .#modules.nixos --apply builtins.attrNames"
        );
    }
    if let Some(zip) = &args.zip {
        let path = Path::new(zip);
        if path.exists() && !args.force {
            return Err(format!("{zip} exists; use --force to overwrite it"));
        }
        let bytes = aspects_export::zip(&files);
        std::fs::write(path, &bytes).map_err(|e| format!("cannot write {zip}: {e}"))?;
        println!(
            "wrote {zip} ({} bytes, {} file{} in {}/): repo `{repo}'{with} as a flake",
            bytes.len(),
            files.len(),
            plural(files.len()),
            aspects_export::TOP_FOLDER
        );
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The workspace an input means.
fn read_input(path: &Path) -> Result<Workspace, String> {
    let shown = path.display();
    if path.is_dir() {
        let mut ws = Workspace::new();
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| format!("cannot list {shown}: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "nix") && p.is_file())
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(format!("{shown} has no .nix files"));
        }
        for f in files {
            add_module(&mut ws, &f)?;
        }
        return Ok(ws);
    }
    let source = std::fs::read_to_string(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let is_nix = path.extension().is_some_and(|x| x == "nix");
    if !is_nix || text::has_headers(&source) {
        return Workspace::parse(&source).map_err(|e| format!("{shown}:{}: {}", e.line, e.message));
    }
    let mut ws = Workspace::new();
    add_module(&mut ws, path)?;
    Ok(ws)
}

/// A `.nix` file as `main/modules/<its name>`.
fn add_module(ws: &mut Workspace, file: &Path) -> Result<(), String> {
    let shown = file.display();
    let source = std::fs::read_to_string(file).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "main.nix".into());
    ws.add_file(text::DEFAULT_REPO, &format!("modules/{name}"), &source)
        .map_err(|e| format!("{shown}: {}", e.message))
}

/// Writes the files under `dir`, which must be empty (or missing) unless
/// `force`.
fn write_dir(dir: &Path, files: &[(String, String)], force: bool) -> Result<(), String> {
    let shown = dir.display();
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("{shown} is not a folder"));
        }
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot list {shown}: {e}"))?;
        if entries.next().is_some() && !force {
            return Err(format!(
                "{shown} is not empty; use --force to write into it anyway"
            ));
        }
    }
    for (rel, text) in files {
        let path = rel
            .split('/')
            .fold(dir.to_path_buf(), |p, component| p.join(component));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
