//! The workspace text format: every file of every repo in one text, each
//! file after a header line `-- repo-name/path/to/file.nix --`.
//!
//! ```text
//! -- repo-one/modules/community/ai.nix --
//! { flake.modules.nixos.ai.services.ollama.enable = true; }
//! -- consumer/modules/layers.nix --
//! { inputs, ... }: { imports = [ inputs.dendrix.ai ]; }
//! ```
//!
//! Rules:
//!
//! - A header is a line that starts with `-- ` and ends with ` --` (trailing
//!   whitespace and a `\r` ignored). Its path is `repo/relative/path`: the first
//!   component names the repo, the rest is the file inside it. Components are
//!   not empty, not `.` or `..`; the path is relative and uses `/`. Repo names
//!   are made of ASCII letters, digits, `-`, `_` and `.` (not only dots).
//! - A file's text is every line after its header up to the next header,
//!   joined with `\n`: the newline just before a header belongs to the
//!   separator. So `print` then `parse` gives back the same workspace.
//! - A text without any header is a single unnamed file: repo [`DEFAULT_REPO`]
//!   (`main`), file [`DEFAULT_FILE`] (`modules/main.nix`), and `print` writes a
//!   workspace made of that one file without a header.
//! - Text before the first header (other than blank lines) is an error, as are
//!   malformed headers, a path given twice and paths that escape the repo.
//! - Repos are listed in the order they first appear; the default repo (the
//!   one `aspects eval` evaluates) is the last of them.

use std::fmt;

/// The repo of a text without headers.
pub const DEFAULT_REPO: &str = "main";
/// The file of a text without headers.
pub const DEFAULT_FILE: &str = "modules/main.nix";

/// One file of a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsFile {
    pub repo: String,
    /// Relative to the repo's root, `/`-separated.
    pub path: String,
    pub text: String,
    /// 1-based line of the header in the text it was parsed from (0 when
    /// the file was added by code or had no header).
    pub header_line: usize,
    /// 1-based line of the file's first text line in the workspace text.
    pub first_line: usize,
}

/// A workspace: repos of files, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workspace {
    pub files: Vec<WsFile>,
}

/// Why a workspace text (or a file added to a workspace) is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    /// 1-based line of the workspace text (0: not from a text).
    pub line: usize,
    pub message: String,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for TextError {}

fn error(line: usize, message: impl Into<String>) -> TextError {
    TextError {
        line,
        message: message.into(),
    }
}

/// The path of a header line, if the line is a header (`-- ... --`).
/// The path is not checked.
pub fn header_path(line: &str) -> Option<&str> {
    let l = line.trim_end();
    if l.len() < 5 || !l.starts_with("-- ") || !l.ends_with(" --") {
        return None;
    }
    Some(l[3..l.len() - 3].trim())
}

/// Whether a text uses headers (is a workspace of named files rather than
/// one unnamed file).
pub fn has_headers(text: &str) -> bool {
    text.split('\n').any(|l| header_path(l).is_some())
}

/// Whether `name` can be a repo's name.
pub fn valid_repo_name(name: &str) -> bool {
    !name.is_empty()
        && !name.chars().all(|c| c == '.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Splits and checks `repo/path/to/file`.
pub fn split_path(full: &str) -> Result<(String, String), String> {
    if full.is_empty() {
        return Err("the header names no file (expected `-- repo/path/to/file.nix --`)".into());
    }
    if full.starts_with('/') {
        return Err(format!(
            "`{full}' is absolute; write `repo-name/path/to/file.nix' (the first component names the repo)"
        ));
    }
    if full.contains('\\') {
        return Err(format!(
            "`{full}' contains `\\'; separate components with `/'"
        ));
    }
    let parts: Vec<&str> = full.split('/').collect();
    for p in &parts {
        match *p {
            "" => return Err(format!("`{full}' has an empty path component")),
            "." | ".." => {
                return Err(format!(
                    "`{full}' has a `{p}' component: paths must stay inside their repo"
                ))
            }
            _ => {}
        }
    }
    if parts.len() < 2 {
        return Err(format!(
            "`{full}' names a repo but no file: write `{full}/modules/file.nix'"
        ));
    }
    if !valid_repo_name(parts[0]) {
        return Err(format!(
            "`{}' is not a valid repo name (letters, digits, `-', `_' and `.')",
            parts[0]
        ));
    }
    if parts.iter().any(|p| p.chars().any(char::is_control)) {
        return Err(format!(
            "`{}' contains a control character",
            full.escape_debug()
        ));
    }
    Ok((parts[0].to_string(), parts[1..].join("/")))
}

impl Workspace {
    /// An empty workspace.
    pub fn new() -> Self {
        Workspace::default()
    }

    /// A workspace of one unnamed file (`main/modules/main.nix`).
    pub fn single(text: &str) -> Self {
        Workspace {
            files: vec![WsFile {
                repo: DEFAULT_REPO.into(),
                path: DEFAULT_FILE.into(),
                text: text.into(),
                header_line: 0,
                first_line: 1,
            }],
        }
    }

    /// Parses a workspace text.
    pub fn parse(text: &str) -> Result<Workspace, TextError> {
        let lines: Vec<&str> = text.split('\n').collect();
        let headers: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| header_path(l).is_some())
            .map(|(i, _)| i)
            .collect();
        if headers.is_empty() {
            return Ok(Workspace::single(text));
        }
        if let Some((i, _)) = lines[..headers[0]]
            .iter()
            .enumerate()
            .find(|(_, l)| !l.trim().is_empty())
        {
            return Err(error(
                i + 1,
                format!(
                    "text before the first file header; start the workspace with a line `-- repo-name/path/to/file.nix --` (found `{}')",
                    lines[i].trim()
                ),
            ));
        }
        let mut ws = Workspace::new();
        for (k, &h) in headers.iter().enumerate() {
            let end = headers.get(k + 1).copied().unwrap_or(lines.len());
            let path = header_path(lines[h]).unwrap_or_default();
            let (repo, file) = split_path(path).map_err(|m| error(h + 1, m))?;
            if let Some(prev) = ws.files.iter().find(|f| f.repo == repo && f.path == file) {
                return Err(error(
                    h + 1,
                    format!(
                        "`{repo}/{file}' is given twice (first at line {})",
                        prev.header_line
                    ),
                ));
            }
            if let Some(prev) = ws.conflicting_kind(&repo, &file) {
                return Err(error(h + 1, prev));
            }
            ws.files.push(WsFile {
                repo,
                path: file,
                text: lines[h + 1..end].join("\n"),
                header_line: h + 1,
                first_line: h + 2,
            });
        }
        Ok(ws)
    }

    /// A file and a folder of the same name cannot coexist.
    fn conflicting_kind(&self, repo: &str, file: &str) -> Option<String> {
        for f in self.files.iter().filter(|f| f.repo == repo) {
            let (short, long) = if f.path.len() < file.len() {
                (f.path.as_str(), file)
            } else {
                (file, f.path.as_str())
            };
            if long.starts_with(short) && long.as_bytes().get(short.len()) == Some(&b'/') {
                return Some(format!(
                    "`{repo}/{short}' is both a file and a folder (`{repo}/{long}')"
                ));
            }
        }
        None
    }

    /// Adds a file (checked like a header).
    pub fn add_file(&mut self, repo: &str, path: &str, text: &str) -> Result<(), TextError> {
        let (repo, path) = split_path(&format!("{repo}/{path}")).map_err(|m| error(0, m))?;
        if self.files.iter().any(|f| f.repo == repo && f.path == path) {
            return Err(error(
                0,
                format!("`{repo}/{path}' is already in the workspace"),
            ));
        }
        if let Some(m) = self.conflicting_kind(&repo, &path) {
            return Err(error(0, m));
        }
        if let Some((i, l)) = text
            .split('\n')
            .enumerate()
            .find(|(_, l)| header_path(l).is_some())
        {
            return Err(error(
                0,
                format!(
                    "line {} of `{repo}/{path}' (`{}') would read as a file header",
                    i + 1,
                    l.trim_end()
                ),
            ));
        }
        self.files.push(WsFile {
            repo,
            path,
            text: text.into(),
            header_line: 0,
            first_line: 0,
        });
        Ok(())
    }

    /// The text of a workspace; [`Workspace::parse`] reads it back.
    pub fn print(&self) -> String {
        if let [f] = self.files.as_slice() {
            if f.repo == DEFAULT_REPO && f.path == DEFAULT_FILE && !has_headers(&f.text) {
                return f.text.clone();
            }
        }
        let mut out = String::new();
        for (i, f) in self.files.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str("-- ");
            out.push_str(&f.repo);
            out.push('/');
            out.push_str(&f.path);
            out.push_str(" --\n");
            out.push_str(&f.text);
        }
        out
    }

    /// Repo names in the order they first appear.
    pub fn repos(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for f in &self.files {
            if !out.contains(&f.repo.as_str()) {
                out.push(&f.repo);
            }
        }
        out
    }

    /// The repo `aspects eval` evaluates by default: the last one.
    pub fn default_repo(&self) -> Option<&str> {
        self.repos().last().copied()
    }

    /// The files of one repo, in order.
    pub fn repo_files<'a>(&'a self, repo: &'a str) -> impl Iterator<Item = &'a WsFile> + 'a {
        self.files.iter().filter(move |f| f.repo == repo)
    }

    /// A file by repo and path.
    pub fn file(&self, repo: &str, path: &str) -> Option<&WsFile> {
        self.files.iter().find(|f| f.repo == repo && f.path == path)
    }

    /// The file at an absolute mounted path (`/repos/<repo>/<path>`).
    pub fn file_at(&self, abs: &str) -> Option<&WsFile> {
        let (repo, path) = split_mounted(abs)?;
        self.file(repo, path)
    }

    /// The virtual file system: every repo mounted at `/repos/<name>/`.
    pub fn memory_fs(&self) -> aspects_nix::files::MemoryFs {
        let mut fs = aspects_nix::files::MemoryFs::new();
        for f in &self.files {
            fs.insert(&mount_path(&f.repo, &f.path), f.text.clone());
        }
        fs
    }
}

/// Where repos are mounted.
pub const MOUNT: &str = "/repos";

/// `/repos/<repo>/<path>` (or the repo's root when `path` is empty).
pub fn mount_path(repo: &str, path: &str) -> String {
    if path.is_empty() {
        format!("{MOUNT}/{repo}")
    } else {
        format!("{MOUNT}/{repo}/{path}")
    }
}

/// `(repo, path)` of a mounted path; the path is empty for a repo's root.
pub fn split_mounted(abs: &str) -> Option<(&str, &str)> {
    let rest = abs.strip_prefix(MOUNT)?.strip_prefix('/')?;
    match rest.split_once('/') {
        Some((repo, path)) => Some((repo, path)),
        None if !rest.is_empty() => Some((rest, "")),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_without_headers_is_one_file_of_repo_main() {
        let ws = Workspace::parse("{ }\n").unwrap();
        assert_eq!(ws.files.len(), 1);
        assert_eq!(ws.files[0].repo, "main");
        assert_eq!(ws.files[0].path, "modules/main.nix");
        assert_eq!(ws.files[0].text, "{ }\n");
        assert_eq!(ws.print(), "{ }\n");
        assert_eq!(ws.default_repo(), Some("main"));
    }

    #[test]
    fn headers_split_files_and_repos_keep_their_order() {
        let text = "-- b/modules/x.nix --\n1\n-- a/modules/y.nix --\n2\n\n-- b/z.nix --\n3\n";
        let ws = Workspace::parse(text).unwrap();
        assert_eq!(ws.repos(), vec!["b", "a"]);
        assert_eq!(ws.default_repo(), Some("a"));
        assert_eq!(ws.files[0].text, "1");
        assert_eq!(ws.files[1].text, "2\n");
        assert_eq!(ws.files[2].text, "3\n");
        assert_eq!(ws.files[1].header_line, 3);
        assert_eq!(ws.files[1].first_line, 4);
        assert_eq!(ws.print(), text);
        assert_eq!(Workspace::parse(&ws.print()).unwrap(), ws);
        let fs = ws.memory_fs();
        use aspects_nix::files::FileSystem;
        assert_eq!(fs.read("/repos/b/modules/x.nix").as_deref(), Some("1"));
    }

    #[test]
    fn blank_lines_may_precede_the_first_header() {
        let ws = Workspace::parse("\n\n-- r/a.nix --\nx").unwrap();
        assert_eq!(ws.files[0].header_line, 3);
    }

    #[test]
    fn malformed_headers_say_where_and_why() {
        let cases = [
            ("-- r/../x.nix --\n", 1, "stay inside"),
            ("-- r/./x.nix --\n", 1, "stay inside"),
            ("-- ../x.nix --\n", 1, "stay inside"),
            ("-- /abs/x.nix --\n", 1, "absolute"),
            ("-- r --\n", 1, "no file"),
            ("-- r//x.nix --\n", 1, "empty path component"),
            ("-- r\\x.nix --\n", 1, "separate components"),
            ("-- r@x/y.nix --\n", 1, "not a valid repo name"),
            (
                "-- r/a.nix --\n1\n-- r/a.nix --\n2",
                3,
                "given twice (first at line 1)",
            ),
            (
                "-- r/a --\n1\n-- r/a/b.nix --\n",
                3,
                "both a file and a folder",
            ),
            ("x\n-- r/a.nix --\n", 1, "before the first file header"),
        ];
        for (text, line, words) in cases {
            let e = Workspace::parse(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.message.contains(words), "{text:?}: {e}");
            assert!(e.to_string().starts_with(&format!("line {line}: ")));
        }
    }

    #[test]
    fn lines_that_only_look_like_headers_are_text() {
        let ws = Workspace::parse("-- r/a.nix --\n-- not a header\n--x--\n").unwrap();
        assert_eq!(ws.files.len(), 1);
        assert_eq!(ws.files[0].text, "-- not a header\n--x--\n");
    }

    #[test]
    fn add_file_refuses_text_that_would_read_as_a_header() {
        let mut ws = Workspace::new();
        ws.add_file("r", "a.nix", "1").unwrap();
        assert!(ws.add_file("r", "a.nix", "2").is_err());
        assert!(ws.add_file("r", "b.nix", "-- r/c.nix --").is_err());
        assert!(ws.add_file("r", "../b.nix", "").is_err());
        assert!(ws.add_file("r", "a.nix/c.nix", "").is_err());
    }

    #[test]
    fn mounted_paths() {
        assert_eq!(mount_path("r", "modules/a.nix"), "/repos/r/modules/a.nix");
        assert_eq!(
            split_mounted("/repos/r/modules/a.nix"),
            Some(("r", "modules/a.nix"))
        );
        assert_eq!(split_mounted("/repos/r"), Some(("r", "")));
        assert_eq!(split_mounted("/elsewhere/a.nix"), None);
    }

    /// A small deterministic generator (xorshift) for property tests.
    struct Gen(u64);

    impl Gen {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }
        fn below(&mut self, n: u64) -> usize {
            (self.next() % n) as usize
        }
        fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
            xs[self.below(xs.len() as u64)]
        }
    }

    fn generated(g: &mut Gen) -> Workspace {
        let repos = ["main", "repo-one", "repo_two", "r.3", "x"];
        let dirs = [
            "modules",
            "modules/community",
            "dev/layers/ai/modules",
            "a b",
            "_private",
        ];
        let names = [
            "a.nix",
            "ai.nix",
            "+flag.nix",
            "default.nix",
            "README",
            "é.nix",
        ];
        let lines = [
            "",
            " ",
            "{ }",
            "-- not a header",
            "x --",
            "-- ",
            "\t-- a/b.nix --",
            "\r",
            "é",
            "{ inputs, ... }: { imports = [ ]; }",
            "--",
            "-- a --x",
        ];
        let mut ws = Workspace::new();
        for _ in 0..=g.below(6) {
            let repo = g.pick(&repos);
            let path = format!("{}/{}", g.pick(&dirs), g.pick(&names));
            let mut text = Vec::new();
            for _ in 0..g.below(5) {
                text.push(g.pick(&lines));
            }
            let _ = ws.add_file(repo, &path, &text.join("\n"));
        }
        if ws.files.is_empty() {
            ws.add_file("main", "modules/main.nix", "").unwrap();
        }
        ws
    }

    #[test]
    fn print_then_parse_gives_back_every_generated_workspace() {
        let mut g = Gen(0x9E37_79B9_7F4A_7C15);
        for _ in 0..2000 {
            let ws = generated(&mut g);
            let text = ws.print();
            let back = Workspace::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
            let strip = |w: &Workspace| -> Vec<(String, String, String)> {
                w.files
                    .iter()
                    .map(|f| (f.repo.clone(), f.path.clone(), f.text.clone()))
                    .collect()
            };
            assert_eq!(strip(&back), strip(&ws), "{text}");
            // And the printed text is a fixed point.
            assert_eq!(back.print(), text);
        }
    }

    #[test]
    fn parse_then_print_keeps_every_text_made_of_headers() {
        let mut g = Gen(42);
        for _ in 0..500 {
            let ws = generated(&mut g);
            let text = ws.print();
            if !has_headers(&text) {
                continue;
            }
            assert_eq!(Workspace::parse(&text).unwrap().print(), text);
        }
    }
}
