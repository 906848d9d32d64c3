//! PyYAML's implicit resolvers (`yaml/resolver.py`, YAML 1.1): the tag a
//! plain scalar gets from its text, tried in PyYAML's order (bool, float,
//! int, merge, null, timestamp, value) among those registered for its first
//! character. Each regex is written out as a small matcher.

/// A resolver: the type's name and its regex.
type Matcher = (&'static str, fn(&str) -> bool);

/// `tag:yaml.org,2002:` + the name of the implicit type of a plain scalar.
pub(super) fn implicit_tag(value: &str) -> &'static str {
    let matchers: [Matcher; 7] = [
        ("bool", is_bool),
        ("float", is_float),
        ("int", is_int),
        ("merge", |v| v == "<<"),
        ("null", |v| matches!(v, "" | "~" | "null" | "Null" | "NULL")),
        ("timestamp", is_timestamp),
        ("value", |v| v == "="),
    ];
    // Python's `$` also matches before one final newline.
    let v = value.strip_suffix('\n').unwrap_or(value);
    for (name, matches) in matchers {
        if matches(v) && (name != "null" || value == v) {
            return name;
        }
    }
    "str"
}

/// `yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF`.
pub(super) fn is_bool(v: &str) -> bool {
    bool_value(v).is_some()
}

/// The boolean a YAML 1.1 bool word means (`SafeConstructor.bool_values`
/// lowercases first).
pub(super) fn bool_value(v: &str) -> Option<bool> {
    const WORDS: [(&str, bool); 6] = [
        ("yes", true),
        ("no", false),
        ("true", true),
        ("false", false),
        ("on", true),
        ("off", false),
    ];
    WORDS.iter().find_map(|&(w, b)| {
        let title = format!("{}{}", w[..1].to_uppercase(), &w[1..]);
        (v == w || v == title || v == w.to_uppercase()).then_some(b)
    })
}

/// Strips one leading `-` or `+`.
fn unsigned(v: &str) -> &str {
    v.strip_prefix(['-', '+']).unwrap_or(v)
}

/// `[0-9][0-9_]*` or similar: a first char class then any of `rest`.
fn run(v: &str, first: fn(char) -> bool, rest: fn(char) -> bool) -> bool {
    let mut chars = v.chars();
    chars.next().is_some_and(first) && chars.all(rest)
}

fn digit(c: char) -> bool {
    c.is_ascii_digit()
}

fn digit_(c: char) -> bool {
    c.is_ascii_digit() || c == '_'
}

/// `(?::[0-5]?[0-9])+` after a leading part.
fn sexagesimal_tail(parts: &[&str]) -> bool {
    !parts.is_empty()
        && parts.iter().all(|p| {
            let b = p.as_bytes();
            match b {
                [d] => d.is_ascii_digit(),
                [a, d] => (b'0'..=b'5').contains(a) && d.is_ascii_digit(),
                _ => false,
            }
        })
}

/// An optional `[eE][-+][0-9]+` ending.
fn exponent_ok(e: Option<&str>) -> bool {
    e.is_none_or(|e| {
        let rest = e.strip_prefix(['-', '+']);
        rest.is_some_and(|r| !r.is_empty() && r.chars().all(digit))
    })
}

/// PyYAML's float regex.
pub(super) fn is_float(v: &str) -> bool {
    if matches!(v, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let u = unsigned(v);
    if matches!(u, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    // [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    if let Some((head, frac)) = u.split_once('.') {
        let parts: Vec<&str> = head.split(':').collect();
        if parts.len() > 1
            && run(parts[0], digit, digit_)
            && sexagesimal_tail(&parts[1..])
            && frac.chars().all(digit_)
        {
            return true;
        }
    }
    let (mantissa, exp) = match u.find(['e', 'E']) {
        Some(i) => (&u[..i], Some(&u[i + 1..])),
        None => (u, None),
    };
    if !exponent_ok(exp) {
        return false;
    }
    let Some((int, frac)) = mantissa.split_once('.') else {
        return false;
    };
    if int.is_empty() {
        // \.[0-9][0-9_]*: no sign allowed
        return v == u && run(frac, digit, digit_);
    }
    run(int, digit, digit_) && frac.chars().all(digit_)
}

/// PyYAML's int regex.
pub(super) fn is_int(v: &str) -> bool {
    let u = unsigned(v);
    if let Some(b) = u.strip_prefix("0b") {
        return !b.is_empty() && b.chars().all(|c| matches!(c, '0' | '1' | '_'));
    }
    if let Some(x) = u.strip_prefix("0x") {
        return !x.is_empty() && x.chars().all(|c| c.is_ascii_hexdigit() || c == '_');
    }
    if u == "0" {
        return true;
    }
    if let Some(o) = u.strip_prefix('0') {
        return !o.is_empty() && o.chars().all(|c| matches!(c, '0'..='7' | '_'));
    }
    let parts: Vec<&str> = u.split(':').collect();
    let first_ok = run(parts[0], |c| matches!(c, '1'..='9'), digit_);
    first_ok && (parts.len() == 1 || sexagesimal_tail(&parts[1..]))
}

/// PyYAML's timestamp regex (the implicit resolver's: a date, or a date
/// and time with optional fraction and zone).
pub(super) fn is_timestamp(v: &str) -> bool {
    super::construct::timestamp_parts(v, true).is_some()
}
