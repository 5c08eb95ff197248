//! Rendering errors for people: the message, the source line with a caret,
//! and the trace.

use crate::error::EvalError;
use crate::files::Files;

/// "error: message\n\n       at file:line:col:\n\n  12| source\n    |   ^\n..."
pub fn render(files: &Files, e: &EvalError) -> String {
    let mut out = format!("error: {}\n", e.message);
    if let Some(span) = e.span {
        out.push_str(&location_block(files, span));
    }
    for frame in e.trace.iter() {
        out.push_str(&format!("\n       … {}\n", frame.message));
        if let Some(span) = frame.span {
            out.push_str(&location_block(files, span));
        }
    }
    out
}

fn location_block(files: &Files, span: crate::ast::Span) -> String {
    let Some(f) = files.get(span.file) else {
        return String::new();
    };
    let at = files.line_col(span);
    let line = f.lines().line_text(&f.text, at.line);
    let gutter = at.line.to_string();
    let pad = " ".repeat(gutter.len());
    let caret_pad: String = line
        .chars()
        .take(at.column.saturating_sub(1) as usize)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!(
        "\n       at {}:{}:{}:\n\n       {gutter}| {line}\n       {pad}| {caret_pad}^\n",
        f.path, at.line, at.column
    )
}
