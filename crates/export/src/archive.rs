//! The `.zip` archive of an export (in memory: the browser downloads it).

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The folder that holds every file of [`zip`]'s archive.
pub const TOP_FOLDER: &str = "aspect-flake";

/// A `.zip` archive of `files` (`(path, text)`, `/`-separated relative
/// paths), each inside the folder [`TOP_FOLDER`], deflated.
pub fn zip(files: &[(String, String)]) -> Vec<u8> {
    zip_in(TOP_FOLDER, files)
}

/// [`zip`] with another top folder (`""`: none). Entries keep the order of
/// `files`; every entry has the same time stamp (the zip epoch,
/// 1980-01-01), so the same files give the same bytes.
pub fn zip_in(folder: &str, files: &[(String, String)]) -> Vec<u8> {
    let folder = folder.trim_matches('/');
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644)
        .large_file(files.iter().any(|(_, t)| t.len() as u64 >= u32::MAX as u64));
    for (path, text) in files {
        let name = if folder.is_empty() {
            path.clone()
        } else {
            format!("{folder}/{path}")
        };
        // Writing to memory does not fail; the names are relative paths.
        w.start_file(name, options)
            .expect("a zip entry starts in memory");
        w.write_all(text.as_bytes())
            .expect("a zip entry is written to memory");
    }
    w.finish()
        .expect("a zip archive is finished in memory")
        .into_inner()
}
