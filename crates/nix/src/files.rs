//! Source files known to the evaluator, and the file systems `import` and
//! `readFile` read from: a virtual one (the workspace) and, natively, the
//! real disk.

use crate::ast::{FileId, Span};
use crate::source::{LineCol, LineIndex};
use crate::Str;
use std::collections::BTreeMap;
use std::rc::Rc;

pub struct SourceFile {
    pub path: Str,
    pub text: Str,
    /// Made when a position is first asked for: most evaluations report
    /// none, and scanning a 100 KB text took a hundredth of a run.
    lines: std::cell::OnceCell<LineIndex>,
}

impl SourceFile {
    pub fn new(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
            lines: std::cell::OnceCell::new(),
        }
    }

    /// Where each line of the text starts.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }
}

/// Every source text the evaluator has parsed, by [`FileId`].
#[derive(Default)]
pub struct Files {
    files: Vec<SourceFile>,
    /// Files built into the program (preludes), shared by every
    /// evaluator of the thread with their parsed trees.
    statics: std::collections::HashMap<u32, Rc<SourceFile>>,
}

/// File ids from here up are built-in files.
pub const STATIC_BASE: u32 = 0x8000_0000;

thread_local! {
    static STATIC_FILES: std::cell::RefCell<Vec<(&'static str, Rc<SourceFile>, crate::ast::E)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Parses and lowers a built-in file once per thread; every evaluator
/// reuses the tree (its spans use a fixed id).
pub(crate) fn static_file(
    files: &mut Files,
    path: &'static str,
    text: &'static str,
) -> Result<crate::ast::E, Box<crate::error::EvalError>> {
    let found = STATIC_FILES.with(|s| {
        s.borrow()
            .iter()
            .enumerate()
            .find(|(_, (p, _, _))| *p == path)
            .map(|(i, (_, f, e))| (i, f.clone(), e.clone()))
    });
    let (index, file, expr) = match found {
        Some(x) => x,
        None => {
            let index = STATIC_FILES.with(|s| s.borrow().len());
            let id = FileId(STATIC_BASE + index as u32);
            // Kept here, not also among the cached trees of user files.
            let e = crate::lower::lower_file_uncached(text, id, path)?;
            let file = Rc::new(SourceFile::new(path, text));
            STATIC_FILES.with(|s| s.borrow_mut().push((path, file.clone(), e.clone())));
            (index, file, e)
        }
    };
    files.statics.insert(STATIC_BASE + index as u32, file);
    Ok(expr)
}

impl Files {
    pub fn add(&mut self, path: &str, text: &str) -> FileId {
        self.files.push(SourceFile::new(path, text));
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        if id.0 >= STATIC_BASE {
            return self.statics.get(&id.0).map(|f| &**f);
        }
        self.files.get(id.0 as usize)
    }

    /// `path:line:column` of the start of `span`.
    pub fn label(&self, span: Span) -> String {
        match self.get(span.file) {
            Some(f) => {
                let at = self.line_col(span);
                format!("{}:{}:{}", f.path, at.line, at.column)
            }
            None => "«unknown»".into(),
        }
    }

    pub fn line_col(&self, span: Span) -> LineCol {
        match self.get(span.file) {
            Some(f) => f.lines().line_col(&f.text, span.start as usize),
            None => LineCol { line: 0, column: 0 },
        }
    }

    /// The source text a span covers.
    pub fn snippet(&self, span: Span) -> &str {
        self.get(span.file)
            .and_then(|f| f.text.get(span.start as usize..span.end as usize))
            .unwrap_or("")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileType {
    Regular,
    Directory,
    Symlink,
    Unknown,
}

impl FileType {
    pub fn as_str(self) -> &'static str {
        match self {
            FileType::Regular => "regular",
            FileType::Directory => "directory",
            FileType::Symlink => "symlink",
            FileType::Unknown => "unknown",
        }
    }
}

/// Where `import`, `readFile`, `readDir` and `pathExists` look.
pub trait FileSystem {
    fn read(&self, path: &str) -> Option<String>;
    fn file_type(&self, path: &str) -> Option<FileType>;
    /// Entries of a directory, sorted by name.
    fn read_dir(&self, path: &str) -> Option<Vec<(String, FileType)>>;
}

/// An in-memory tree of files: the playground's workspace.
#[derive(Debug, Clone, Default)]
pub struct MemoryFs {
    files: BTreeMap<String, String>,
}

impl MemoryFs {
    pub fn new() -> Self {
        MemoryFs::default()
    }

    /// Adds a file at an absolute path.
    pub fn insert(&mut self, path: &str, text: impl Into<String>) {
        self.files
            .insert(crate::value::canon_path(path), text.into());
    }

    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys()
    }
}

impl FileSystem for MemoryFs {
    fn read(&self, path: &str) -> Option<String> {
        self.files.get(path).cloned()
    }

    fn file_type(&self, path: &str) -> Option<FileType> {
        if self.files.contains_key(path) {
            return Some(FileType::Regular);
        }
        let prefix = if path == "/" {
            "/".to_string()
        } else {
            format!("{path}/")
        };
        self.files
            .range(prefix.clone()..)
            .next()
            .filter(|(k, _)| k.starts_with(&prefix))
            .map(|_| FileType::Directory)
    }

    fn read_dir(&self, path: &str) -> Option<Vec<(String, FileType)>> {
        let prefix = if path == "/" {
            "/".to_string()
        } else {
            format!("{path}/")
        };
        let mut out: BTreeMap<String, FileType> = BTreeMap::new();
        for (k, _) in self.files.range(prefix.clone()..) {
            let Some(rest) = k.strip_prefix(&prefix) else {
                break;
            };
            match rest.split_once('/') {
                Some((dir, _)) => out.insert(dir.to_string(), FileType::Directory),
                None => out.insert(rest.to_string(), FileType::Regular),
            };
        }
        if out.is_empty() && self.file_type(path) != Some(FileType::Directory) {
            return None;
        }
        Some(out.into_iter().collect())
    }
}

/// The real disk (native builds only: the CLI).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

#[cfg(not(target_arch = "wasm32"))]
impl FileSystem for RealFs {
    fn read(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(path).ok()
    }

    fn file_type(&self, path: &str) -> Option<FileType> {
        let m = std::fs::symlink_metadata(path).ok()?;
        let t = m.file_type();
        Some(if t.is_symlink() {
            FileType::Symlink
        } else if t.is_dir() {
            FileType::Directory
        } else if t.is_file() {
            FileType::Regular
        } else {
            FileType::Unknown
        })
    }

    fn read_dir(&self, path: &str) -> Option<Vec<(String, FileType)>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(path).ok()? {
            let entry = entry.ok()?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let ty = self
                .file_type(&format!("{path}/{name}"))
                .unwrap_or(FileType::Unknown);
            out.push((name, ty));
        }
        out.sort();
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_fs_lists_directories() {
        let mut fs = MemoryFs::new();
        fs.insert("/r/modules/a.nix", "1");
        fs.insert("/r/modules/sub/b.nix", "2");
        fs.insert("/r/other.nix", "3");
        assert_eq!(fs.file_type("/r/modules"), Some(FileType::Directory));
        assert_eq!(fs.file_type("/r/modules/a.nix"), Some(FileType::Regular));
        assert_eq!(fs.file_type("/r/mod"), None);
        let entries = fs.read_dir("/r/modules").unwrap();
        assert_eq!(
            entries,
            vec![
                ("a.nix".to_string(), FileType::Regular),
                ("sub".to_string(), FileType::Directory)
            ]
        );
        assert!(fs.read_dir("/nope").is_none());
    }
}
