//! Shared by the corpus tests (`nix_differential.rs`, `conformance.rs`): running the
//! `aspects` binary with a time limit, and the known-failures ratchet.
//!
//! # The ratchet
//!
//! Each corpus keeps a `known_failures.txt`: one case name per line, optionally
//! followed by `# reason`; blank lines and lines starting with `#` are comments. A run
//! fails when
//! - a case that is not listed fails (a regression, or a new case that does not pass),
//! - a listed case passes (remove it from the list: the list only ever shrinks),
//! - a listed name is not a case of the corpus.
//!
//! With `UPDATE_KNOWN_FAILURES=1` the file is rewritten from the current results
//! instead (reasons of names that stay are kept) and the run passes. When only part
//! of the corpus ran (a filter), only the entries of the cases that ran change.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a finished (or killed) child process left behind.
pub struct RunOutput {
    /// The exit code; `None` when killed by a signal or by the time limit.
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub timed_out: bool,
}

impl RunOutput {
    /// A one-line description of how the process ended, for failure messages.
    pub fn describe_exit(&self) -> String {
        match (self.timed_out, self.code) {
            (true, _) => "timed out".to_string(),
            (false, Some(c)) => format!("exit code {c}"),
            (false, None) => "killed by a signal".to_string(),
        }
    }

    /// The first non-empty line of stderr (shortened), or `(empty stderr)`.
    pub fn stderr_head(&self) -> String {
        let text = String::from_utf8_lossy(&self.stderr);
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("(empty stderr)");
        shorten(line, 160)
    }
}

/// Runs `cmd` with stdin closed, collecting stdout and stderr, and kills it after
/// `limit`.
pub fn run_with_timeout(cmd: &mut Command, limit: Duration) -> RunOutput {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return RunOutput {
                code: None,
                stdout: Vec::new(),
                stderr: format!("cannot start {cmd:?}: {e}").into_bytes(),
                timed_out: false,
            }
        }
    };
    let mut out_pipe = child.stdout.take().expect("piped stdout");
    let mut err_pipe = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() >= limit => {
                let _ = child.kill();
                timed_out = true;
                break child.wait().ok();
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(_) => break None,
        }
    };
    RunOutput {
        code: if timed_out {
            None
        } else {
            status.and_then(|s| s.code())
        },
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
        timed_out,
    }
}

/// The per-run time limit: `env_var` in seconds if set, else `default_secs`.
pub fn time_limit(env_var: &str, default_secs: u64) -> Duration {
    let secs = std::env::var(env_var)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(default_secs);
    Duration::from_secs(secs)
}

pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// Writes straight to the process's stderr, past libtest's output capture, so that
/// summaries show in a plain `cargo test` run.
pub fn report(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// One entry of a known-failures file.
struct Entry {
    name: String,
    reason: Option<String>,
}

fn parse_known_failures(text: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, reason) = match line.split_once('#') {
            Some((n, r)) => (n.trim(), Some(r.trim().to_string())),
            None => (line, None),
        };
        if !name.is_empty() {
            entries.push(Entry {
                name: name.to_string(),
                reason: reason.filter(|r| !r.is_empty()),
            });
        }
    }
    entries
}

/// The ratchet's verdict on one run.
pub struct RatchetResult {
    pub passed: usize,
    pub known_failures: usize,
    pub total: usize,
    /// Everything that makes the run fail (empty when it passes).
    pub problems: Vec<String>,
}

/// Applies the ratchet to `results` (case name → `None` when it passed, `Some(why)`
/// when it failed). `all_cases` is every case of the corpus (also those a filter left
/// out). `header` is written at the top of the file in update mode.
pub fn apply_ratchet(
    known_failures_path: &Path,
    header: &str,
    results: &BTreeMap<String, Option<String>>,
    all_cases: &BTreeSet<String>,
) -> RatchetResult {
    let text = std::fs::read_to_string(known_failures_path).unwrap_or_default();
    let entries = parse_known_failures(&text);
    let listed: BTreeMap<&str, Option<&str>> = entries
        .iter()
        .map(|e| (e.name.as_str(), e.reason.as_deref()))
        .collect();
    let update = std::env::var("UPDATE_KNOWN_FAILURES").is_ok_and(|v| !v.is_empty() && v != "0");

    let passed = results.values().filter(|r| r.is_none()).count();
    let failing: BTreeSet<&str> = results
        .iter()
        .filter(|(_, r)| r.is_some())
        .map(|(n, _)| n.as_str())
        .collect();

    if update {
        let mut lines: BTreeMap<String, Option<String>> = BTreeMap::new();
        for e in &entries {
            // Keep entries of cases that did not run this time (a filter).
            if all_cases.contains(&e.name) && !results.contains_key(&e.name) {
                lines.insert(e.name.clone(), e.reason.clone());
            }
        }
        for name in &failing {
            let reason = listed.get(name).copied().flatten().map(str::to_string);
            lines.insert(name.to_string(), reason);
        }
        let mut out = String::from(header);
        if !out.ends_with('\n') {
            out.push('\n');
        }
        for (name, reason) in &lines {
            match reason {
                Some(r) => out.push_str(&format!("{name}  # {r}\n")),
                None => out.push_str(&format!("{name}\n")),
            }
        }
        std::fs::write(known_failures_path, out)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", known_failures_path.display()));
        report(&format!(
            "UPDATE_KNOWN_FAILURES: wrote {} entries to {}",
            lines.len(),
            known_failures_path.display()
        ));
        return RatchetResult {
            passed,
            known_failures: failing.len(),
            total: results.len(),
            problems: Vec::new(),
        };
    }

    let mut problems = Vec::new();
    let mut known = 0;
    for (name, result) in results {
        match (result, listed.contains_key(name.as_str())) {
            (Some(why), false) => {
                problems.push(format!("FAIL (not a known failure) {name}: {why}"))
            }
            (Some(_), true) => known += 1,
            (None, true) => problems.push(format!(
                "PASS (listed as a known failure, remove it from {}) {name}",
                file_name(known_failures_path)
            )),
            (None, false) => {}
        }
    }
    for e in &entries {
        if !all_cases.contains(&e.name) {
            problems.push(format!(
                "STALE {} lists `{}`, which is not a case",
                file_name(known_failures_path),
                e.name
            ));
        }
    }
    RatchetResult {
        passed,
        known_failures: known,
        total: results.len(),
        problems,
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Case names selected by the filter in `env_var` (a substring; empty or unset
/// selects everything).
pub fn selected(all: &BTreeSet<String>, env_var: &str) -> Vec<String> {
    let filter = std::env::var(env_var).unwrap_or_default();
    all.iter()
        .filter(|n| filter.is_empty() || n.contains(filter.as_str()))
        .cloned()
        .collect()
}
