//! PyYAML's `SafeConstructor` over the composed document: the Python value
//! each node's tag builds, merge keys, unhashable and repeated keys, and the
//! exceptions its constructors raise (`ConstructorError`, and the plain
//! `ValueError`/`KeyError` that `int()`, `datetime` or `bool_values[…]`
//! raise on explicitly tagged nonsense).

use super::errors::{Marked, recursion};
use super::resolve::{bool_value, implicit_tag};
use super::{Doc, MAX_DEPTH, MAX_NODES, Raw, RawKind, Source, error};
use crate::dictconfig::node::{Node, NodeValue, ReadError};
use crate::format::pyfmt::float_repr;
use crate::pyrepr::{repr_str, write_repr_bytes};

const CORE: &str = "tag:yaml.org,2002:";

/// Builds the document's value, as `construct_document` does.
pub(super) fn construct_document(src: &Source, doc: &Doc) -> Result<Node, ReadError> {
    let mut b = Builder {
        src,
        doc,
        open: vec![false; doc.nodes.len()],
        count: 0,
    };
    b.node(doc.root, 0)
}

/// The constructor's state: which nodes are being built (an alias to one
/// of them is a recursive reference) and how many values were built.
struct Builder<'s, 'a> {
    src: &'s Source<'a>,
    doc: &'s Doc,
    open: Vec<bool>,
    count: usize,
}

impl Builder<'_, '_> {
    /// The value of node `i`.
    fn node(&mut self, i: usize, depth: usize) -> Result<Node, ReadError> {
        let raw = &self.doc.nodes[i];
        if depth > MAX_DEPTH * 2 {
            return Err(recursion(self.src, raw.start));
        }
        self.count += 1;
        if self.count > MAX_NODES {
            let message = format!("the aliases expand to more than {MAX_NODES} values");
            return Err(error(self.src, "logcheck.LimitExceeded", message, raw.start));
        }
        if self.open[i] {
            let repr = if matches!(raw.kind, RawKind::Map(_)) { "{...}" } else { "[...]" };
            return Ok(self.leaf(raw, NodeValue::Other(repr.into())));
        }
        let tag = tag_of(raw);
        self.open[i] = true;
        let value = self.by_tag(raw, &tag, depth);
        self.open[i] = false;
        Ok(self.leaf(raw, value?))
    }

    /// `value` at `raw`'s span.
    fn leaf(&self, raw: &Raw, value: NodeValue) -> Node {
        Node {
            value,
            span: self.src.span(raw.start, raw.end),
        }
    }

    /// The constructor registered for `tag`.
    fn by_tag(&mut self, raw: &Raw, tag: &str, depth: usize) -> Result<NodeValue, ReadError> {
        let Some(name) = tag.strip_prefix(CORE) else {
            return Err(self.undefined(raw, tag));
        };
        match name {
            "null" => self.scalar(raw).map(|_| NodeValue::Null),
            "bool" => self.boolean(raw),
            "int" => self.int(raw),
            "float" => self.float(raw),
            "str" => self.scalar(raw).map(|s| NodeValue::Str(s.to_string())),
            "binary" => self.binary(raw),
            "timestamp" => self.timestamp(raw),
            "seq" => self.seq(raw, depth),
            "map" => self.map(raw, depth).map(NodeValue::Map),
            "set" => self.set(raw, depth),
            "omap" | "pairs" => self.pairs(raw, name, depth),
            _ => Err(self.undefined(raw, tag)),
        }
    }

    /// `could not determine a constructor for the tag '…'`.
    fn undefined(&self, raw: &Raw, tag: &str) -> ReadError {
        let problem = format!("could not determine a constructor for the tag {}", repr_str(tag));
        self.constructor_error(None, problem, raw.start)
    }

    /// A `yaml.constructor.ConstructorError`.
    fn constructor_error(&self, context: Option<(&str, usize)>, problem: String, at: usize) -> ReadError {
        Marked {
            type_name: "yaml.constructor.ConstructorError",
            context,
            problem,
            at,
        }
        .into_error(self.src)
    }

    /// `construct_scalar`: the text of a scalar node.
    fn scalar<'r>(&self, raw: &'r Raw) -> Result<&'r str, ReadError> {
        match &raw.kind {
            RawKind::Scalar { value, .. } => Ok(value),
            other => {
                let problem = format!("expected a scalar node, but found {}", kind_name(other));
                Err(self.constructor_error(None, problem, raw.start))
            }
        }
    }

    /// `construct_yaml_bool`: `bool_values[value.lower()]`.
    fn boolean(&self, raw: &Raw) -> Result<NodeValue, ReadError> {
        let value = self.scalar(raw)?;
        let lower = value.to_lowercase();
        match bool_value(&lower) {
            Some(b) => Ok(NodeValue::Bool(b)),
            None => Err(error(self.src, "KeyError", repr_str(&lower), raw.start)),
        }
    }

    /// `construct_yaml_int`.
    fn int(&self, raw: &Raw) -> Result<NodeValue, ReadError> {
        let value = self.scalar(raw)?.replace('_', "");
        yaml_int(&value)
            .map(NodeValue::Int)
            .map_err(|(t, m)| error(self.src, t, m, raw.start))
    }

    /// `construct_yaml_float`.
    fn float(&self, raw: &Raw) -> Result<NodeValue, ReadError> {
        let value = self.scalar(raw)?.replace('_', "").to_lowercase();
        yaml_float(&value)
            .map(|f| NodeValue::Float(float_repr(f)))
            .map_err(|(t, m)| error(self.src, t, m, raw.start))
    }

    /// `construct_yaml_binary`: `base64.decodebytes`, shown as `repr(bytes)`.
    fn binary(&self, raw: &Raw) -> Result<NodeValue, ReadError> {
        let value = self.scalar(raw)?;
        if !value.is_ascii() {
            let problem = "failed to convert base64 data into ascii: 'ascii' codec can't encode character".to_string();
            return Err(self.constructor_error(None, problem, raw.start));
        }
        match decode_base64(value) {
            Ok(bytes) => {
                let mut out = String::new();
                write_repr_bytes(&bytes, &mut out);
                Ok(NodeValue::Other(out))
            }
            Err(e) => {
                let problem = format!("failed to decode base64 data: {e}");
                Err(self.constructor_error(None, problem, raw.start))
            }
        }
    }

    /// `construct_yaml_timestamp`: a `datetime.date` or `datetime.datetime`.
    fn timestamp(&self, raw: &Raw) -> Result<NodeValue, ReadError> {
        let value = self.scalar(raw)?;
        let Some(parts) = timestamp_parts(value, false) else {
            let message = "'NoneType' object has no attribute 'groupdict'".to_string();
            return Err(error(self.src, "AttributeError", message, raw.start));
        };
        timestamp_repr(&parts)
            .map(NodeValue::Other)
            .map_err(|m| error(self.src, "ValueError", m, raw.start))
    }

    /// `construct_yaml_seq`.
    fn seq(&mut self, raw: &Raw, depth: usize) -> Result<NodeValue, ReadError> {
        let RawKind::Seq(items) = &raw.kind else {
            let problem = format!("expected a sequence node, but found {}", kind_name(&raw.kind));
            return Err(self.constructor_error(None, problem, raw.start));
        };
        let items = items.clone();
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(self.node(item, depth + 1)?);
        }
        Ok(NodeValue::List(out))
    }

    /// `construct_mapping` after `flatten_mapping`: a Python dict.
    fn map(&mut self, raw: &Raw, depth: usize) -> Result<Vec<(Node, Node)>, ReadError> {
        let RawKind::Map(_) = &raw.kind else {
            let problem = format!("expected a mapping node, but found {}", kind_name(&raw.kind));
            return Err(self.constructor_error(None, problem, raw.start));
        };
        let pairs = self.flatten(raw, depth)?;
        let mut out: Vec<(Node, Node)> = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            let key_raw = &self.doc.nodes[k];
            let key = self.key(k, depth)?;
            if !hashable(key_raw) || matches!(key.value, NodeValue::Other(ref s) if s == "[...]" || s == "{...}") {
                let context = Some(("while constructing a mapping", raw.start));
                return Err(self.constructor_error(context, "found unhashable key".into(), key_raw.start));
            }
            let value = self.node(v, depth + 1)?;
            match out.iter_mut().find(|(old, _)| py_eq(&old.value, &key.value)) {
                Some(slot) => slot.1 = value,
                None => out.push((key, value)),
            }
        }
        Ok(out)
    }

    /// A mapping key: a `=` key is a string there (`flatten_mapping`).
    fn key(&mut self, k: usize, depth: usize) -> Result<Node, ReadError> {
        let raw = &self.doc.nodes[k];
        if tag_of(raw) == format!("{CORE}value") {
            let text = self.scalar(raw)?.to_string();
            self.count += 1;
            return Ok(self.leaf(raw, NodeValue::Str(text)));
        }
        self.node(k, depth + 1)
    }

    /// `flatten_mapping`: the pairs with `<<` merges spliced in front.
    fn flatten(&self, raw: &Raw, depth: usize) -> Result<Vec<(usize, usize)>, ReadError> {
        if depth > MAX_DEPTH * 2 {
            return Err(recursion(self.src, raw.start));
        }
        let RawKind::Map(pairs) = &raw.kind else {
            return Ok(Vec::new());
        };
        let (mut merged, mut own) = (Vec::new(), Vec::new());
        let mut seen: Vec<KeyId> = Vec::new();
        for &(k, v) in pairs {
            if tag_of(&self.doc.nodes[k]) != format!("{CORE}merge") {
                own.push((k, v));
                continue;
            }
            let value = &self.doc.nodes[v];
            match &value.kind {
                RawKind::Map(_) => {
                    let pairs = self.flatten(value, depth + 1)?;
                    self.merge_into(&mut merged, &mut seen, pairs);
                }
                RawKind::Seq(items) => {
                    let mut sub = Vec::new();
                    for &item in items {
                        let node = &self.doc.nodes[item];
                        if !matches!(node.kind, RawKind::Map(_)) {
                            let problem = format!(
                                "expected a mapping for merging, but found {}",
                                kind_name(&node.kind)
                            );
                            let context = Some(("while constructing a mapping", raw.start));
                            return Err(self.constructor_error(context, problem, node.start));
                        }
                        sub.push(self.flatten(node, depth + 1)?);
                    }
                    for pairs in sub {
                        self.merge_into(&mut merged, &mut seen, pairs);
                    }
                }
                RawKind::Scalar { .. } => {
                    let problem =
                        "expected a mapping or list of mappings for merging, but found scalar".to_string();
                    let context = Some(("while constructing a mapping", raw.start));
                    return Err(self.constructor_error(context, problem, value.start));
                }
            }
        }
        merged.extend(own);
        Ok(merged)
    }

    /// Appends merged `pairs` whose key object was not merged before
    /// (PyYAML 6.0.2+ compares `id(key_node.value)`).
    fn merge_into(&self, merged: &mut Vec<(usize, usize)>, seen: &mut Vec<KeyId>, pairs: Vec<(usize, usize)>) {
        for (k, v) in pairs {
            let id = self.key_id(k);
            if !seen.contains(&id) {
                seen.push(id);
                merged.push((k, v));
            }
        }
    }

    /// The identity of a key node's value object: its node, except that
    /// CPython shares one object for `''` and for each one-character string
    /// below U+0100.
    fn key_id(&self, k: usize) -> KeyId {
        match &self.doc.nodes[k].kind {
            RawKind::Scalar { value, .. } if value.chars().count() <= 1 && value.chars().all(|c| (c as u32) < 0x100) => {
                KeyId::Shared(value.clone())
            }
            _ => KeyId::Node(k),
        }
    }

    /// `construct_yaml_set`: the mapping's keys, shown sorted by `repr`
    /// (Python's own order follows string hashes, which vary per process).
    fn set(&mut self, raw: &Raw, depth: usize) -> Result<NodeValue, ReadError> {
        let entries = self.map(raw, depth)?;
        if entries.is_empty() {
            return Ok(NodeValue::Other("set()".into()));
        }
        let mut reprs: Vec<String> = entries.iter().map(|(k, _)| py_repr(&k.value)).collect();
        reprs.sort();
        Ok(NodeValue::Other(format!("{{{}}}", reprs.join(", "))))
    }

    /// `construct_yaml_omap` / `construct_yaml_pairs`: a list of tuples.
    fn pairs(&mut self, raw: &Raw, name: &str, depth: usize) -> Result<NodeValue, ReadError> {
        let context = "while constructing an ordered map".to_string();
        let context = if name == "omap" { context } else { "while constructing pairs".to_string() };
        let RawKind::Seq(items) = &raw.kind else {
            let problem = format!("expected a sequence, but found {}", kind_name(&raw.kind));
            return Err(self.constructor_error(Some((&context, raw.start)), problem, raw.start));
        };
        let mut tuples = Vec::new();
        for &item in items {
            let node = &self.doc.nodes[item];
            let RawKind::Map(pairs) = &node.kind else {
                let problem = format!("expected a mapping of length 1, but found {}", kind_name(&node.kind));
                return Err(self.constructor_error(Some((&context, raw.start)), problem, node.start));
            };
            if pairs.len() != 1 {
                let problem = format!("expected a single mapping item, but found {} items", pairs.len());
                return Err(self.constructor_error(Some((&context, raw.start)), problem, node.start));
            }
            let (k, v) = pairs[0];
            let key = self.node(k, depth + 1)?;
            let value = self.node(v, depth + 1)?;
            tuples.push(format!("({}, {})", py_repr(&key.value), py_repr(&value.value)));
        }
        Ok(NodeValue::Other(format!("[{}]", tuples.join(", "))))
    }
}

/// Which Python object a merged key's value is.
#[derive(PartialEq)]
enum KeyId {
    Node(usize),
    Shared(String),
}

/// The tag a node is constructed by: its explicit tag, else what the
/// resolver gives (plain scalars by their text, quoted ones `str`).
fn tag_of(raw: &Raw) -> String {
    if let Some(tag) = &raw.tag {
        return tag.clone();
    }
    let name = match &raw.kind {
        RawKind::Scalar { value, plain: true } => implicit_tag(value),
        RawKind::Scalar { .. } => "str",
        RawKind::Seq(_) => "seq",
        RawKind::Map(_) => "map",
    };
    format!("{CORE}{name}")
}

/// Whether the key node builds a hashable object (not a list, dict or set).
fn hashable(raw: &Raw) -> bool {
    let tag = tag_of(raw);
    !matches!(
        tag.strip_prefix(CORE),
        Some("seq" | "map" | "set" | "omap" | "pairs")
    ) && matches!(raw.kind, RawKind::Scalar { .. })
        || matches!(tag.strip_prefix(CORE), Some("null" | "bool" | "int" | "float" | "str" | "binary" | "timestamp"))
}

/// PyYAML's `node.id`.
fn kind_name(kind: &RawKind) -> &'static str {
    match kind {
        RawKind::Scalar { .. } => "scalar",
        RawKind::Seq(_) => "sequence",
        RawKind::Map(_) => "mapping",
    }
}

/// Python's `==` between two keys (`1 == 1.0 == True`; every `.nan` is
/// PyYAML's one `nan_value` object, so equal as a key).
fn py_eq(a: &NodeValue, b: &NodeValue) -> bool {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x == y,
        (None, None) => a == b,
        _ => false,
    }
}

/// A numeric key in one comparable form: an integer's digits, or a float
/// that is not integral.
fn number(v: &NodeValue) -> Option<String> {
    match v {
        NodeValue::Bool(b) => Some(if *b { "1" } else { "0" }.to_string()),
        NodeValue::Int(s) => Some(s.clone()),
        NodeValue::Float(r) => {
            let f: f64 = r.parse().ok()?;
            if f.is_finite() && f.fract() == 0.0 {
                Some(format!("{:.0}", f.abs()).replace("-0", "0")).map(|s| if f < 0.0 { format!("-{s}") } else { s })
            } else {
                Some(format!("f{r}"))
            }
        }
        _ => None,
    }
}

/// Python's `repr` of a built value.
pub(crate) fn py_repr(v: &NodeValue) -> String {
    match v {
        NodeValue::Null => "None".into(),
        NodeValue::Bool(b) => if *b { "True" } else { "False" }.into(),
        NodeValue::Int(s) | NodeValue::Float(s) | NodeValue::Other(s) => s.clone(),
        NodeValue::Str(s) => repr_str(s),
        NodeValue::List(items) => {
            let inner: Vec<String> = items.iter().map(|n| py_repr(&n.value)).collect();
            format!("[{}]", inner.join(", "))
        }
        NodeValue::Map(entries) => {
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", py_repr(&k.value), py_repr(&v.value)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
    }
}

type PyErr = (&'static str, String);

/// `construct_yaml_int` on the text with `_` removed: decimal digits.
fn yaml_int(value: &str) -> Result<String, PyErr> {
    let first = value
        .chars()
        .next()
        .ok_or_else(|| ("IndexError", "string index out of range".to_string()))?;
    let negative = first == '-';
    let body = value.strip_prefix(['-', '+']).unwrap_or(value);
    let digits = if body == "0" {
        return Ok("0".into());
    } else if let Some(b) = body.strip_prefix("0b") {
        parse_radix(b, 2)?
    } else if let Some(x) = body.strip_prefix("0x") {
        parse_radix(x, 16)?
    } else if body.starts_with('0') {
        parse_radix(body, 8)?
    } else if body.contains(':') {
        sexagesimal(body)?
    } else {
        parse_radix(body, 10)?
    };
    Ok(if negative && digits != "0" { format!("-{digits}") } else { digits })
}

/// `int(text, radix)` as decimal digits (a `ValueError` like Python's).
fn parse_radix(text: &str, radix: u32) -> Result<String, PyErr> {
    let bad = || {
        let m = format!("invalid literal for int() with base {radix}: {}", repr_str(text));
        ("ValueError", m)
    };
    let t = text.trim_matches(|c: char| c.is_whitespace());
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    // `int(text, base)` accepts the base's own prefix
    let prefix: &[&str] = match radix {
        2 => &["0b", "0B"],
        8 => &["0o", "0O"],
        16 => &["0x", "0X"],
        _ => &[],
    };
    let t = prefix.iter().find_map(|p| t.strip_prefix(p)).unwrap_or(t);
    if t.is_empty() {
        return Err(bad());
    }
    let mut n = Big::default();
    for c in t.chars() {
        let d = c.to_digit(radix).ok_or_else(bad)?;
        n.mul_add(radix, d);
    }
    Ok(n.to_decimal())
}

/// `190:20:30` → `190*3600 + 20*60 + 30`.
fn sexagesimal(body: &str) -> Result<String, PyErr> {
    let mut n = Big::default();
    for (i, part) in body.split(':').enumerate() {
        let digits = parse_radix(part, 10)?;
        if i == 0 {
            for c in digits.chars() {
                n.mul_add(10, c.to_digit(10).unwrap_or(0));
            }
        } else {
            n.mul_add(60, digits.parse().unwrap_or(0));
        }
    }
    Ok(n.to_decimal())
}

/// An unbounded unsigned integer, base 10⁹ limbs, least significant first.
#[derive(Default)]
struct Big(Vec<u32>);

impl Big {
    const BASE: u64 = 1_000_000_000;

    /// `self = self * m + a`.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = a as u64;
        for limb in &mut self.0 {
            let v = *limb as u64 * m as u64 + carry;
            *limb = (v % Self::BASE) as u32;
            carry = v / Self::BASE;
        }
        while carry > 0 {
            self.0.push((carry % Self::BASE) as u32);
            carry /= Self::BASE;
        }
    }

    /// The decimal digits.
    fn to_decimal(&self) -> String {
        let mut limbs = self.0.iter().rev().skip_while(|&&l| l == 0);
        let Some(first) = limbs.next() else {
            return "0".into();
        };
        let mut out = first.to_string();
        for limb in limbs {
            out.push_str(&format!("{limb:09}"));
        }
        out
    }
}

/// `construct_yaml_float` on the lowercased text with `_` removed.
fn yaml_float(value: &str) -> Result<f64, PyErr> {
    let first = value
        .chars()
        .next()
        .ok_or_else(|| ("IndexError", "string index out of range".to_string()))?;
    let sign = if first == '-' { -1.0 } else { 1.0 };
    let body = value.strip_prefix(['-', '+']).unwrap_or(value);
    if body == ".inf" {
        return Ok(sign * f64::INFINITY);
    }
    if body == ".nan" {
        return Ok(f64::NAN);
    }
    if body.contains(':') {
        let mut total = 0.0;
        let mut base = 1.0;
        for part in body.split(':').rev() {
            total += py_float(part)? * base;
            base *= 60.0;
        }
        return Ok(sign * total);
    }
    Ok(sign * py_float(body)?)
}

/// Python's `float(text)` for the texts a YAML float can hold.
fn py_float(text: &str) -> Result<f64, PyErr> {
    let bad = || ("ValueError", format!("could not convert string to float: {}", repr_str(text)));
    let t = text.trim();
    let ok = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && t.chars().any(|c| c.is_ascii_digit());
    let lower = t.to_ascii_lowercase();
    if !ok && !matches!(lower.trim_start_matches(['+', '-']), "inf" | "nan" | "infinity") {
        return Err(bad());
    }
    lower.parse::<f64>().map_err(|_| bad())
}

/// `base64.decodebytes` (non-strict: characters outside the alphabet are
/// skipped; the data ends at padding).
fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    let mut values = Vec::new();
    let mut pads = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                pads += 1;
                if (values.len() + pads) % 4 == 0 && values.len() % 4 >= 2 {
                    break;
                }
                continue;
            }
            _ => continue,
        };
        if pads > 0 && values.len() % 4 >= 2 {
            break;
        }
        pads = 0;
        values.push(v);
    }
    let n = values.len();
    if n % 4 == 1 {
        return Err(format!(
            "Invalid base64-encoded string: number of data characters ({n}) cannot be 1 more than a multiple of 4"
        ));
    }
    if n % 4 != 0 && (n + pads) % 4 != 0 {
        return Err("Incorrect padding".into());
    }
    let mut out = Vec::new();
    for chunk in values.chunks(4) {
        let mut acc = 0u32;
        for (i, &v) in chunk.iter().enumerate() {
            acc |= (v as u32) << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Ok(out)
}

/// A timestamp's fields as PyYAML's regexes capture them.
#[derive(Debug)]
pub(super) struct Timestamp<'v> {
    year: &'v str,
    month: &'v str,
    day: &'v str,
    time: Option<(&'v str, &'v str, &'v str, Option<&'v str>)>,
    /// `Z` or (sign, hours, minutes).
    tz: Option<Zone<'v>>,
}

#[derive(Debug)]
enum Zone<'v> {
    Utc,
    Offset(char, &'v str, Option<&'v str>),
}

/// Matches the timestamp regex: the implicit resolver's (`implicit`: a
/// two-digit month and day unless a time follows) or the constructor's.
pub(super) fn timestamp_parts(v: &str, implicit: bool) -> Option<Timestamp<'_>> {
    let d = |s: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let date_end = v.find(['T', 't', ' ', '\t']).unwrap_or(v.len());
    let (date, rest) = v.split_at(date_end);
    let mut it = date.splitn(3, '-');
    let (year, month, day) = (it.next()?, it.next()?, it.next()?);
    if !d(year, 4, 4) || !d(month, 1, 2) || !d(day, 1, 2) {
        return None;
    }
    if rest.is_empty() {
        let short = month.len() == 2 && day.len() == 2;
        return (!implicit || short).then_some(Timestamp { year, month, day, time: None, tz: None });
    }
    let rest = rest.strip_prefix(['T', 't']).unwrap_or_else(|| rest.trim_start_matches([' ', '\t']));
    let (time, tz) = split_zone(rest)?;
    let mut t = time.splitn(3, ':');
    let (hour, minute, sec) = (t.next()?, t.next()?, t.next()?);
    let (second, fraction) = match sec.split_once('.') {
        Some((s, f)) => (s, Some(f)),
        None => (sec, None),
    };
    let ok = d(hour, 1, 2) && d(minute, 2, 2) && d(second, 2, 2);
    let ok = ok && fraction.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit()));
    ok.then_some(Timestamp { year, month, day, time: Some((hour, minute, second, fraction)), tz })
}

/// Splits `[ \t]*(Z|[-+]HH(:MM)?)` off the end of a time.
fn split_zone(rest: &str) -> Option<(&str, Option<Zone<'_>>)> {
    if let Some(time) = rest.strip_suffix('Z') {
        return Some((time.trim_end_matches([' ', '\t']), Some(Zone::Utc)));
    }
    let Some(at) = rest.rfind(['+', '-']) else {
        return Some((rest, None));
    };
    let (time, zone) = rest.split_at(at);
    let sign = zone.chars().next()?;
    let (h, m) = match zone[1..].split_once(':') {
        Some((h, m)) => (h, Some(m)),
        None => (&zone[1..], None),
    };
    let digits = |s: &str, lo, hi| (lo..=hi).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h, 1, 2) || m.is_some_and(|m| !digits(m, 2, 2)) {
        return None;
    }
    Some((time.trim_end_matches([' ', '\t']), Some(Zone::Offset(sign, h, m))))
}

/// `repr(datetime.date(...))` or `repr(datetime.datetime(...))`, or the
/// `ValueError` datetime raises for an impossible date or time.
fn timestamp_repr(t: &Timestamp) -> Result<String, String> {
    let num = |s: &str| s.parse::<u32>().unwrap_or(0);
    let (year, month, day) = (num(t.year), num(t.month), num(t.day));
    check_date(year, month, day)?;
    let Some((h, m, s, fraction)) = t.time else {
        return Ok(format!("datetime.date({year}, {month}, {day})"));
    };
    let (h, m, s) = (num(h), num(m), num(s));
    for (v, hi, name) in [(h, 23, "hour"), (m, 59, "minute"), (s, 59, "second")] {
        if v > hi {
            return Err(format!("{name} must be in 0..{hi}"));
        }
    }
    let micro = fraction.filter(|f| !f.is_empty()).map_or(0, |f| {
        let mut f: String = f.chars().take(6).collect();
        while f.len() < 6 {
            f.push('0');
        }
        num(&f)
    });
    let mut fields = format!("{year}, {month}, {day}, {h}, {m}");
    if s != 0 || micro != 0 {
        fields.push_str(&format!(", {s}"));
    }
    if micro != 0 {
        fields.push_str(&format!(", {micro}"));
    }
    let tz = match &t.tz {
        None => String::new(),
        Some(Zone::Utc) => ", tzinfo=datetime.timezone.utc".into(),
        Some(Zone::Offset(sign, hh, mm)) => zone_repr(*sign, num(hh), mm.map_or(0, num))?,
    };
    Ok(format!("datetime.datetime({fields}{tz})"))
}

/// `, tzinfo=datetime.timezone(datetime.timedelta(...))`.
fn zone_repr(sign: char, hours: u32, minutes: u32) -> Result<String, String> {
    let mut seconds = (hours as i64 * 60 + minutes as i64) * 60;
    if sign == '-' {
        seconds = -seconds;
    }
    if seconds.abs() >= 86_400 {
        return Err("offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).".into());
    }
    if seconds == 0 {
        return Ok(", tzinfo=datetime.timezone.utc".into());
    }
    let delta = if seconds < 0 {
        format!("days=-1, seconds={}", 86_400 + seconds)
    } else {
        format!("seconds={seconds}")
    };
    Ok(format!(", tzinfo=datetime.timezone(datetime.timedelta({delta}))"))
}

/// `datetime.date`'s checks.
fn check_date(year: u32, month: u32, day: u32) -> Result<(), String> {
    if year < 1 {
        return Err(format!("year {year} is out of range"));
    }
    if !(1..=12).contains(&month) {
        return Err("month must be in 1..12".into());
    }
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if day < 1 || day > days[month as usize - 1] {
        return Err("day is out of range for month".into());
    }
    Ok(())
}
