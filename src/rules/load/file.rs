//! Reading the file (`LC0xx`): what `open()`, the UTF-8 decoder and
//! configparser reject before fileConfig looks at a section. `check` and the
//! INI reader emit them; they have no lint function.

use crate::diagnostic::Severity;
use crate::rules::{LongDoc, Rule};

/// LC001 `file-not-found`: The configuration file does not exist.
pub const FILE_NOT_FOUND: Rule = Rule {
    code: "LC001",
    name: "file-not-found",
    severity: Severity::Error,
    summary: "The configuration file does not exist.",
    long: None,
};

/// LC002 `empty-file`: The configuration file is empty (0 bytes).
pub const EMPTY_FILE: Rule = Rule {
    code: "LC002",
    name: "empty-file",
    severity: Severity::Error,
    summary: "The configuration file is empty (0 bytes).",
    long: None,
};

/// LC003 `undecodable-file`: The file is not valid UTF-8, the encoding fileConfig reads with.
pub const NOT_UTF8: Rule = Rule {
    code: "LC003",
    name: "undecodable-file",
    severity: Severity::Error,
    summary: "The file is not valid UTF-8, the encoding fileConfig reads with.",
    long: None,
};

/// LC004 `byte-order-mark`: The file starts with a UTF-8 byte-order mark, which configparser does not skip.
pub const BYTE_ORDER_MARK: Rule = Rule {
    code: "LC004",
    name: "byte-order-mark",
    severity: Severity::Error,
    summary: "The file starts with a UTF-8 byte-order mark, which configparser does not skip.",
    long: None,
};

/// LC005 `missing-section-header`: Text before the first [section] header.
pub const MISSING_SECTION_HEADER: Rule = Rule {
    code: "LC005",
    name: "missing-section-header",
    severity: Severity::Error,
    summary: "Text before the first [section] header.",
    long: None,
};

/// LC006 `invalid-line`: A line that is neither a header, an option, a comment nor a continuation.
pub const INVALID_LINE: Rule = Rule {
    code: "LC006",
    name: "invalid-line",
    severity: Severity::Error,
    summary: "A line that is neither a header, an option, a comment nor a continuation.",
    long: None,
};

/// LC007 `duplicate-section`: The same [section] appears twice.
pub const DUPLICATE_SECTION: Rule = Rule {
    code: "LC007",
    name: "duplicate-section",
    severity: Severity::Error,
    summary: "The same [section] appears twice.",
    long: None,
};

/// LC008 `duplicate-option`: The same option appears twice in one section (names are case-insensitive).
pub const DUPLICATE_OPTION: Rule = Rule {
    code: "LC008",
    name: "duplicate-option",
    severity: Severity::Error,
    summary: "The same option appears twice in one section (names are case-insensitive).",
    long: None,
};

/// LC009 `interpolation-syntax`: A `%` in an interpolated value that is not `%%` or `%(name)s`.
pub const INTERPOLATION_SYNTAX: Rule = Rule {
    code: "LC009",
    name: "interpolation-syntax",
    severity: Severity::Error,
    summary: "A `%` in an interpolated value that is not `%%` or `%(name)s`.",
    long: None,
};

/// LC010 `interpolation-missing-key`: A `%(name)s` reference to an option that does not exist.
pub const INTERPOLATION_MISSING_KEY: Rule = Rule {
    code: "LC010",
    name: "interpolation-missing-key",
    severity: Severity::Error,
    summary: "A `%(name)s` reference to an option that does not exist.",
    long: None,
};

/// LC011 `interpolation-depth`: `%(name)s` references nested more than 10 deep (usually a cycle).
pub const INTERPOLATION_DEPTH: Rule = Rule {
    code: "LC011",
    name: "interpolation-depth",
    severity: Severity::Error,
    summary: "`%(name)s` references nested more than 10 deep (usually a cycle).",
    long: None,
};

/// LC012 `dictconfig-file`: A YAML or JSON logging configuration (a dictConfig file) given as a fileConfig file.
pub const DICTCONFIG_FILE: Rule = Rule {
    code: "LC012",
    name: "dictconfig-file",
    severity: Severity::Error,
    summary: "A YAML or JSON logging configuration (a dictConfig file) given as a fileConfig file.",
    long: Some(LongDoc {
        why: "`logging.config.fileConfig` reads an INI file with configparser. A dictConfig file (a JSON object or YAML mapping with `version`, `handlers`, `loggers`, `formatters`, `root`) has no `[section]` header, so configparser stops at its first line with `MissingSectionHeaderError` (wrapped by fileConfig 3.11.4+ in `RuntimeError: … is invalid`). logcheck reports that once, instead of the missing-section errors that follow from it.",
        example: "version: 1\nhandlers:\n  console:\n    class: logging.StreamHandler\nroot:\n  handlers: [console]",
        fix: "Load the file with `logging.config.dictConfig(yaml.safe_load(f))` (JSON: `json.load(f)`) instead of `fileConfig`, or write the configuration as a fileConfig INI file (`[loggers]`, `[handlers]`, `[formatters]` sections). logcheck checks a file named `*.json`, `*.yaml` or `*.yml` as a dictConfig document (as uvicorn's `--log-config` loads it).",
    }),
};

/// LC013 `dictconfig-syntax`: a dictConfig file its reader cannot read.
pub const DICTCONFIG_SYNTAX: Rule = Rule {
    code: "LC013",
    name: "dictconfig-syntax",
    severity: Severity::Error,
    summary: "A JSON or YAML dictConfig file that `json.load` or `yaml.safe_load` cannot read.",
    long: None,
};

/// The top-level keys of a `dictConfig` dictionary.
const DICTCONFIG_KEYS: &[&str] = &[
    "version",
    "formatters",
    "filters",
    "handlers",
    "loggers",
    "root",
    "incremental",
    "disable_existing_loggers",
];

/// What a file that configparser rejects at its first line looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DataFile {
    /// `"JSON"` or `"YAML"`.
    pub format: &'static str,
    /// The dictConfig keys found at the top level, in file order.
    pub keys: Vec<String>,
}

impl DataFile {
    /// A dictConfig dictionary (not only a JSON/YAML file by its name).
    pub fn is_dictconfig(&self) -> bool {
        !self.keys.is_empty()
    }
}

/// Whether `text` (read from `path`) is a JSON object or YAML mapping that
/// is a dictConfig dictionary: `version` with another dictConfig key, or two
/// dictConfig keys, at the top level; or, for a `.json`/`.yaml`/`.yml` name,
/// any JSON object or YAML mapping. Called only for a file configparser
/// rejects before its first section header.
pub(crate) fn data_file(path: &str, text: &str) -> Option<DataFile> {
    let lower = path.to_ascii_lowercase();
    let named_json = lower.ends_with(".json");
    let named_yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
    let (format, keys) = if text.trim_start().starts_with('{') {
        ("JSON", json_top_keys(text))
    } else {
        ("YAML", yaml_top_keys(text)?)
    };
    let known: Vec<String> = keys
        .into_iter()
        .filter(|k| DICTCONFIG_KEYS.contains(&k.as_str()))
        .fold(Vec::new(), |mut acc, k| {
            if !acc.contains(&k) {
                acc.push(k);
            }
            acc
        });
    let by_content = known.len() >= 2;
    let by_name = match format {
        "JSON" => named_json,
        _ => named_yaml,
    };
    (by_content || by_name).then_some(DataFile {
        format,
        keys: known,
    })
}

/// The keys of the outermost JSON object (a tolerant scan: comments and
/// trailing commas do not matter).
fn json_top_keys(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    // a string at depth 1 after `{` or `,` is a key when `:` follows
    let mut expect_key = false;
    while let Some((_, c)) = chars.next() {
        match c {
            '{' | '[' => {
                depth += 1;
                expect_key = depth == 1 && c == '{';
            }
            '}' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expect_key = true,
            '"' => {
                let mut s = String::new();
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some((_, e)) = chars.next() {
                                s.push(e);
                            }
                        }
                        '"' => break,
                        c => s.push(c),
                    }
                }
                if expect_key && depth == 1 {
                    while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                        chars.next();
                    }
                    if chars.peek().is_some_and(|(_, c)| *c == ':') {
                        keys.push(s);
                    }
                }
                expect_key = false;
            }
            c if c.is_whitespace() => {}
            _ => {
                if depth == 1 {
                    expect_key = false;
                }
            }
        }
    }
    keys
}

/// The keys of a YAML block mapping at column 0 (`version: 1`,
/// `handlers:`), after comments, blank lines and a `---` marker; `None`
/// when the first such line is not a `key:` line.
fn yaml_top_keys(text: &str) -> Option<Vec<String>> {
    let mut keys = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_end();
        if trimmed.is_empty()
            || trimmed.trim_start().starts_with('#')
            || trimmed.starts_with(' ')
            || trimmed.starts_with('\t')
            || trimmed == "---"
            || trimmed.starts_with("- ")
        {
            continue;
        }
        let Some((key, rest)) = trimmed.split_once(':') else {
            if keys.is_empty() {
                return None;
            }
            continue;
        };
        if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
            if keys.is_empty() {
                return None;
            }
            continue;
        }
        let key = key.trim().trim_matches(['"', '\'']);
        if key.is_empty() || key.contains([' ', '[', ']', '=']) {
            if keys.is_empty() {
                return None;
            }
            continue;
        }
        keys.push(key.to_string());
    }
    (!keys.is_empty()).then_some(keys)
}

#[cfg(test)]
mod tests {
    use super::data_file;

    #[test]
    fn detects_dictconfig_files_by_content_and_name() {
        let yaml = "# logging\n---\nversion: 1\nhandlers:\n  console:\n    class: x\nroot:\n  level: INFO\n";
        let found = data_file("logging.conf", yaml).expect("YAML");
        assert_eq!(found.format, "YAML");
        assert_eq!(found.keys, ["version", "handlers", "root"]);
        let json = r#"{"version": 1, "formatters": {"f": {"format": "%(message)s"}}, "loggers": {"root": {}}}"#;
        let found = data_file("x.conf", json).expect("JSON");
        assert_eq!(found.format, "JSON");
        assert_eq!(found.keys, ["version", "formatters", "loggers"]);
        // by name only: a JSON object without dictConfig keys
        let other = data_file("settings.json", "{\"a\": {\"version\": 1}}").expect("named");
        assert!(!other.is_dictconfig());
        assert_eq!(data_file("settings.conf", "{\"a\": 1}"), None);
        // INI text before a header is not YAML
        assert_eq!(data_file("x.conf", "keys=root\n[loggers]\n"), None);
        assert_eq!(data_file("x.conf", "version: 1\n"), None);
        assert!(data_file("x.yml", "version: 1\n").is_some());
    }
}
