//! `check --format sarif`: SARIF 2.1.0 as typed, borrowed structs serialized
//! straight into the output buffer. One run; the driver lists every rule logcheck
//! knows, so `ruleIndex` points into that list.
//!
//! As in `json`, fields are declared in alphabetical order: the output was
//! first built from `serde_json::Value` maps (sorted keys), and its bytes stay
//! the same.

use super::position;
use crate::check::FileReport;
use crate::diagnostic::Severity;
use crate::rules::{ALL, Rule};
use crate::source::LineIndex;
use serde::Serialize;
use std::io::{self, Write};

/// The SARIF log.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
struct Run<'a> {
    results: Vec<SarifResult<'a>>,
    tool: Tool,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<RuleDescriptor>,
    version: &'static str,
}

/// A `reportingDescriptor`: one rule in the driver's table.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    default_configuration: Configuration,
    id: &'static str,
    name: &'static str,
    short_description: Text<&'static str>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

/// `{"text": ...}` (a `message` or a `multiformatMessageString`).
#[derive(Serialize)]
struct Text<T> {
    text: T,
}

/// One finding (`result` in SARIF's words).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    /// The finding's fix, when it has one (SARIF `fix` objects).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Text<String>,
    rule_id: &'a str,
    /// `null` for a code the driver does not list (none today).
    rule_index: Option<usize>,
}

/// A fix: its description and the replacements in one file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    artifact_changes: [ArtifactChange<'a>; 1],
    description: Text<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation<'a>,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<&'a str>,
}

/// The SARIF fix of `d` (with its applicability in the description).
fn fixes<'a>(
    report: &'a FileReport,
    index: &LineIndex,
    uri: &'a str,
    d: &'a crate::Diagnostic,
) -> Vec<SarifFix<'a>> {
    let Some(fix) = &d.fix else {
        return Vec::new();
    };
    let replacements = (fix.edits.iter())
        .map(|e| {
            let (start_line, start_column) = index.line_col(&report.text, e.span.start);
            let (end_line, end_column) = index.line_col(&report.text, e.span.end);
            Replacement {
                deleted_region: Region {
                    end_column,
                    end_line,
                    start_column,
                    start_line,
                },
                inserted_content: Text { text: &e.content },
            }
        })
        .collect();
    vec![SarifFix {
        artifact_changes: [ArtifactChange {
            artifact_location: ArtifactLocation { uri },
            replacements,
        }],
        description: Text {
            text: format!("{} ({})", fix.message, fix.applicability.as_str()),
        },
    }]
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn descriptor(rule: &'static Rule) -> RuleDescriptor {
    RuleDescriptor {
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        id: rule.code,
        name: rule.name,
        short_description: Text { text: rule.summary },
    }
}

/// Every finding of one file; `uri` is its path with forward slashes.
fn results<'a>(report: &'a FileReport, uri: &'a str, out: &mut Vec<SarifResult<'a>>) {
    let index = LineIndex::new(&report.text);
    for d in &report.diagnostics {
        let (line, column, end_line, end_column) = position(report, &index, d);
        let mut text = d.message.clone();
        if let Some(help) = &d.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        out.push(SarifResult {
            fixes: fixes(report, &index, uri, d),
            level: level(d.severity),
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation { uri },
                    region: Region {
                        end_column,
                        end_line,
                        start_column: column,
                        start_line: line,
                    },
                },
            }],
            message: Text { text },
            rule_id: d.code,
            rule_index: ALL.iter().position(|r| r.code == d.code),
        });
    }
}

/// Writes the SARIF log, pretty-printed, with a final newline.
pub fn write(reports: &[FileReport], out: &mut impl Write) -> io::Result<()> {
    let uris: Vec<String> = reports.iter().map(|r| r.path.replace('\\', "/")).collect();
    let mut found = Vec::new();
    for (report, uri) in reports.iter().zip(&uris) {
        results(report, uri, &mut found);
    }
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            results: found,
            tool: Tool {
                driver: Driver {
                    information_uri: super::REPOSITORY,
                    name: "logcheck",
                    rules: ALL.iter().map(descriptor).collect(),
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
    super::write_pretty_json(&log, out)
}
