//! The `.zip` archive of an export (in memory: the browser downloads it).
//!
//! Written here rather than with the `zip` crate: the page bundles this
//! code, and the crate added 130 KB (gzip) to it, while an archive of a
//! few text files needs only local headers, a central directory and
//! deflate (miniz_oxide, which the page already has for share links).
//! The `zip` crate reads our archives back in the tests.

use miniz_oxide::deflate::compress_to_vec;

/// The folder that holds every file of [`zip`]'s archive.
pub const TOP_FOLDER: &str = "aspect-flake";

/// A `.zip` archive of `files` (`(path, text)`, `/`-separated relative
/// paths), each inside the folder [`TOP_FOLDER`], deflated.
pub fn zip(files: &[(String, String)]) -> Vec<u8> {
    zip_in(TOP_FOLDER, files)
}

/// 1980-01-01 00:00 in MS-DOS format: every entry has this time stamp, so
/// the same files give the same bytes.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// Names are UTF-8 (general purpose flag bit 11).
const UTF8_NAMES: u16 = 1 << 11;
const DEFLATE: u16 = 8;
/// Version 2.0: deflate.
const VERSION: u16 = 20;
/// Made on Unix (for the permissions), spec version 2.0.
const MADE_BY: u16 = (3 << 8) | 20;
/// `-rw-r--r--` regular file, in the high half of the external attributes.
const UNIX_FILE: u32 = 0o100644 << 16;

struct Entry {
    name: Vec<u8>,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// [`zip`] with another top folder (`""`: none). Entries keep the order of
/// `files`. Archives are limited to 65,535 files of under 4 GiB each,
/// far beyond any workspace.
pub fn zip_in(folder: &str, files: &[(String, String)]) -> Vec<u8> {
    let folder = folder.trim_matches('/');
    let mut out = Vec::new();
    let mut entries = Vec::with_capacity(files.len());
    for (path, text) in files.iter().take(u16::MAX as usize) {
        let name = if folder.is_empty() {
            path.clone()
        } else {
            format!("{folder}/{path}")
        };
        let data = text.as_bytes();
        let packed = compress_to_vec(data, 9);
        let entry = Entry {
            name: name.into_bytes(),
            crc: crc32fast::hash(data),
            compressed: packed.len() as u32,
            size: data.len() as u32,
            offset: out.len() as u32,
        };
        u32le(&mut out, 0x0403_4b50);
        u16le(&mut out, VERSION);
        u16le(&mut out, UTF8_NAMES);
        u16le(&mut out, DEFLATE);
        u16le(&mut out, DOS_TIME);
        u16le(&mut out, DOS_DATE);
        u32le(&mut out, entry.crc);
        u32le(&mut out, entry.compressed);
        u32le(&mut out, entry.size);
        u16le(&mut out, entry.name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(&entry.name);
        out.extend_from_slice(&packed);
        entries.push(entry);
    }
    let directory = out.len() as u32;
    for e in &entries {
        u32le(&mut out, 0x0201_4b50);
        u16le(&mut out, MADE_BY);
        u16le(&mut out, VERSION);
        u16le(&mut out, UTF8_NAMES);
        u16le(&mut out, DEFLATE);
        u16le(&mut out, DOS_TIME);
        u16le(&mut out, DOS_DATE);
        u32le(&mut out, e.crc);
        u32le(&mut out, e.compressed);
        u32le(&mut out, e.size);
        u16le(&mut out, e.name.len() as u16);
        u16le(&mut out, 0); // extra
        u16le(&mut out, 0); // comment
        u16le(&mut out, 0); // disk
        u16le(&mut out, 0); // internal attributes
        u32le(&mut out, UNIX_FILE);
        u32le(&mut out, e.offset);
        out.extend_from_slice(&e.name);
    }
    let directory_size = out.len() as u32 - directory;
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, directory_size);
    u32le(&mut out, directory);
    u16le(&mut out, 0);
    out
}
