//! Builtins on strings: substrings, replacement, regular expressions,
//! versions and hashes.

use super::*;
use crate::eval::CoerceMode;
use std::cell::RefCell;

pub fn to_string(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    Ok(Value::string(
        ev.coerce_to_string(&a[0], CoerceMode::ToString)?,
    ))
}

pub fn substring(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let start = force_int(ev, &a[0], "in the first argument of builtins.substring")?;
    let len = force_int(ev, &a[1], "in the second argument of builtins.substring")?;
    let s = ev.coerce_to_string(&a[2], CoerceMode::Interpolation)?;
    if start < 0 {
        return err(ErrorKind::Other, "negative start position in 'substring'");
    }
    let bytes = s.as_bytes();
    let start = (start as usize).min(bytes.len());
    let end = if len < 0 {
        bytes.len()
    } else {
        start.saturating_add(len as usize).min(bytes.len())
    };
    Ok(Value::string(
        String::from_utf8_lossy(&bytes[start..end]).into_owned(),
    ))
}

pub fn string_length(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let s = ev.coerce_to_string(&a[0], CoerceMode::Interpolation)?;
    Ok(Value::Int(s.len() as i64))
}

pub fn replace_strings(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let from = force_list(
        ev,
        &a[0],
        "in the first argument of builtins.replaceStrings",
    )?;
    let to = force_list(
        ev,
        &a[1],
        "in the second argument of builtins.replaceStrings",
    )?;
    if from.len() != to.len() {
        return err(
            ErrorKind::Other,
            "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths",
        );
    }
    let mut froms = Vec::with_capacity(from.len());
    for f in from.iter() {
        froms.push(ev.coerce_to_string(f, CoerceMode::Interpolation)?);
    }
    let mut tos: Vec<Option<String>> = Vec::with_capacity(to.len());
    for t in to.iter() {
        tos.push(Some(ev.coerce_to_string(t, CoerceMode::Interpolation)?));
    }
    let s = ev.coerce_to_string(&a[2], CoerceMode::Interpolation)?;
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let bytes = s.as_bytes();
    loop {
        let mut matched = false;
        for (k, f) in froms.iter().enumerate() {
            if bytes[i..].starts_with(f.as_bytes()) {
                if tos[k].is_none() {
                    tos[k] = Some(ev.coerce_to_string(&to[k], CoerceMode::Interpolation)?);
                }
                let add = tos[k].as_deref().unwrap_or("");
                ev.check_string(out.len() + add.len())?;
                out.push_str(add);
                matched = true;
                if f.is_empty() {
                    if let Some(c) = s[i..].chars().next() {
                        out.push(c);
                        i += c.len_utf8();
                    } else {
                        i = bytes.len() + 1;
                    }
                } else {
                    i += f.len();
                }
                break;
            }
        }
        if i > bytes.len() {
            break;
        }
        if !matched {
            match s[i..].chars().next() {
                Some(c) => {
                    out.push(c);
                    i += c.len_utf8();
                }
                None => break,
            }
        } else if i == bytes.len() && !froms.iter().any(|f| f.is_empty()) {
            break;
        }
    }
    Ok(Value::string(out))
}

thread_local! {
    static REGEXES: RefCell<HashMap<String, Rc<regex::Regex>>> = RefCell::new(HashMap::new());
}

pub fn get_context(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    force_str(ev, &a[0], "in the argument of builtins.getContext")?;
    Ok(Value::attrs(Attrs::empty()))
}

/// Compiles a POSIX extended regular expression (cached).
fn compile(pattern: &str, anchored: bool) -> EvalResult<Rc<regex::Regex>> {
    let key = format!("{}{pattern}", if anchored { "^" } else { "~" });
    if let Some(r) = REGEXES.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(r);
    }
    let translated = if anchored {
        format!("(?s)^(?:{pattern})$")
    } else {
        format!("(?s){pattern}")
    };
    match regex::Regex::new(&translated) {
        Ok(r) => {
            let r = Rc::new(r);
            REGEXES.with(|c| {
                let mut c = c.borrow_mut();
                if c.len() > 512 {
                    c.clear();
                }
                c.insert(key, r.clone());
            });
            Ok(r)
        }
        Err(e) => err(
            ErrorKind::Other,
            format!(
                "invalid regular expression '{pattern}': {}",
                first_line(&e.to_string())
            ),
        ),
    }
}

fn first_line(s: &str) -> String {
    s.lines().last().unwrap_or(s).trim().to_string()
}

fn groups(caps: &regex::Captures) -> Value {
    Value::list(
        caps.iter()
            .skip(1)
            .map(|g| g.map_or(Value::Null, |m| Value::string(m.as_str())))
            .collect(),
    )
}

pub fn match_(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let pattern = force_str(ev, &a[0], "in the first argument of builtins.match")?;
    let s = ev.coerce_to_string(&a[1], CoerceMode::Interpolation)?;
    let re = compile(&pattern, true)?;
    Ok(match re.captures(&s) {
        Some(caps) => groups(&caps),
        None => Value::Null,
    })
}

pub fn split(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let pattern = force_str(ev, &a[0], "in the first argument of builtins.split")?;
    let s = ev.coerce_to_string(&a[1], CoerceMode::Interpolation)?;
    let re = compile(&pattern, false)?;
    let mut out = Vec::new();
    let mut last = 0;
    for caps in re.captures_iter(&s) {
        let m = caps.get(0).expect("group 0 always matches");
        out.push(Value::string(&s[last..m.start()]));
        out.push(groups(&caps));
        last = m.end();
    }
    out.push(Value::string(&s[last..]));
    Ok(Value::list(out))
}

pub fn concat_strings_sep(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let sep = ev.coerce_to_string(&a[0], CoerceMode::Interpolation)?;
    let l = force_list(
        ev,
        &a[1],
        "in the second argument of builtins.concatStringsSep",
    )?;
    let mut out = String::new();
    for (i, x) in l.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        let s = ev.coerce_to_string(x, CoerceMode::Interpolation)?;
        ev.check_string(out.len() + s.len())?;
        out.push_str(&s);
    }
    ev.account(out.len())?;
    Ok(Value::string(out))
}

pub fn base_name_of(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let v = ev.force(&a[0])?;
    let s = match &v {
        Value::Path(p) => p.to_string(),
        _ => ev.coerce_to_string(&v, CoerceMode::Interpolation)?,
    };
    let trimmed = s.strip_suffix('/').unwrap_or(&s);
    let base = match trimmed.rfind('/') {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    };
    Ok(Value::string(base))
}

pub fn dir_of(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let v = ev.force(&a[0])?;
    let (s, is_path) = match &v {
        Value::Path(p) => (p.to_string(), true),
        _ => (ev.coerce_to_string(&v, CoerceMode::Interpolation)?, false),
    };
    let dir = match s.rfind('/') {
        Some(0) => "/".to_string(),
        Some(i) => s[..i].to_string(),
        None => ".".to_string(),
    };
    Ok(if is_path {
        Value::Path(dir.into())
    } else {
        Value::string(dir)
    })
}

pub fn parse_drv_name(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let s = ev.coerce_to_string(&a[0], CoerceMode::Interpolation)?;
    let bytes = s.as_bytes();
    let mut split = None;
    for i in 0..bytes.len() {
        if bytes[i] == b'-' && bytes.get(i + 1).is_some_and(|c| !c.is_ascii_alphabetic()) {
            split = Some(i);
            break;
        }
    }
    let (name, version) = match split {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s.as_str(), ""),
    };
    Ok(Value::attrs(Attrs::of([
        ("name".into(), Value::string(name)),
        ("version".into(), Value::string(version)),
    ])))
}

/// The next version component starting at `*i`.
fn next_component<'a>(s: &'a str, i: &mut usize) -> &'a str {
    let b = s.as_bytes();
    while *i < b.len() && (b[*i] == b'.' || b[*i] == b'-') {
        *i += 1;
    }
    let start = *i;
    if *i < b.len() && b[*i].is_ascii_digit() {
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
    } else {
        while *i < b.len() && !(b[*i].is_ascii_digit() || b[*i] == b'.' || b[*i] == b'-') {
            *i += 1;
        }
    }
    &s[start..*i]
}

fn components_lt(c1: &str, c2: &str) -> bool {
    let n1 = c1.parse::<i64>().ok().filter(|_| !c1.is_empty());
    let n2 = c2.parse::<i64>().ok().filter(|_| !c2.is_empty());
    match (n1, n2) {
        (Some(a), Some(b)) => a < b,
        _ if c1.is_empty() && n2.is_some() => true,
        _ if c1 == "pre" && c2 != "pre" => true,
        _ if c2 == "pre" => false,
        (_, Some(_)) => true,
        (Some(_), _) => false,
        _ => c1 < c2,
    }
}

/// `builtins.compareVersions` as a Rust function.
pub fn compare_version_strings(v1: &str, v2: &str) -> i64 {
    let (mut i, mut j) = (0, 0);
    while i < v1.len() || j < v2.len() {
        let c1 = next_component(v1, &mut i);
        let c2 = next_component(v2, &mut j);
        if components_lt(c1, c2) {
            return -1;
        }
        if components_lt(c2, c1) {
            return 1;
        }
    }
    0
}

pub fn split_version(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let s = ev.coerce_to_string(&a[0], CoerceMode::Interpolation)?;
    let mut i = 0;
    let mut out = Vec::new();
    while i < s.len() {
        let c = next_component(&s, &mut i);
        if c.is_empty() {
            break;
        }
        out.push(Value::string(c));
    }
    Ok(Value::list(out))
}

pub fn compare_versions(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let v1 = ev.coerce_to_string(&a[0], CoerceMode::Interpolation)?;
    let v2 = ev.coerce_to_string(&a[1], CoerceMode::Interpolation)?;
    Ok(Value::Int(compare_version_strings(&v1, &v2)))
}

pub fn hash_string(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    use sha2::Digest;
    let algo = force_str(ev, &a[0], "in the first argument of builtins.hashString")?;
    let s = ev.coerce_to_string(&a[1], CoerceMode::Interpolation)?;
    let bytes = s.as_bytes();
    let digest: Vec<u8> = match &*algo {
        "md5" => md5::Md5::digest(bytes).to_vec(),
        "sha1" => sha1::Sha1::digest(bytes).to_vec(),
        "sha256" => sha2::Sha256::digest(bytes).to_vec(),
        "sha512" => sha2::Sha512::digest(bytes).to_vec(),
        other => {
            return err(
                ErrorKind::Other,
                format!("unknown hash algorithm '{other}'"),
            )
        }
    };
    Ok(Value::string(
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
    ))
}

pub fn discard_context(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    Ok(Value::string(
        ev.coerce_to_string(&a[0], CoerceMode::Interpolation)?,
    ))
}

pub fn has_context(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    force_str(ev, &a[0], "in the argument of builtins.hasContext")?;
    Ok(Value::Bool(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_like_nix() {
        assert_eq!(compare_version_strings("1.0", "2.3"), -1);
        assert_eq!(compare_version_strings("2.1", "2.3"), -1);
        assert_eq!(compare_version_strings("2.3", "2.3"), 0);
        assert_eq!(compare_version_strings("2.5", "2.3"), 1);
        assert_eq!(compare_version_strings("3.1", "2.3"), 1);
        assert_eq!(compare_version_strings("2.3.1", "2.3"), 1);
        assert_eq!(compare_version_strings("2.3.1", "2.3a"), 1);
        assert_eq!(compare_version_strings("2.3pre1", "2.3"), -1);
        assert_eq!(compare_version_strings("2.3pre3", "2.3pre12"), -1);
        assert_eq!(compare_version_strings("2.3a", "2.3c"), -1);
        assert_eq!(compare_version_strings("2.3pre1", "2.3c"), -1);
        assert_eq!(compare_version_strings("2.3pre1", "2.3q"), -1);
    }
}
