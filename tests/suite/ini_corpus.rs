//! The INI corpus: `read_bytes(...).dump()` must equal what real configparser
//! read (`tests/goldens/ini_corpus.json`, produced by `tests/oracle/py_read.py`;
//! the regeneration command is at the top of that script).
//!
//! The golden check always runs; the live check re-runs the oracle when python3
//! is available so a stale golden is detected.

use crate::common;

use logcheck::ini::{ReadOptions, read_bytes};
use logcheck::version::PyVersion;
use serde_json::Value;
use std::path::{Path, PathBuf};

const CORPUS_DIR: &str = "tests/fixtures/ini-corpus";
const GOLDEN: &str = "tests/goldens/ini_corpus.json";

fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(CORPUS_DIR))
        .expect("corpus directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ini"))
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The name configparser saw: the path as passed from the repository root.
fn display_name(path: &Path) -> String {
    format!(
        "{CORPUS_DIR}/{}",
        path.file_name().unwrap().to_string_lossy()
    )
}

fn golden() -> serde_json::Map<String, Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(GOLDEN)).expect("golden file");
    match serde_json::from_str(&text).expect("golden JSON") {
        Value::Object(map) => map,
        _ => panic!("golden is not an object"),
    }
}

#[test]
fn corpus_has_all_files() {
    let files = corpus_files();
    assert_eq!(files.len(), 58);
    assert_eq!(golden().len(), 58);
}

#[test]
fn corpus_matches_recorded_configparser() {
    let golden = golden();
    let mut mismatches = Vec::new();
    for path in corpus_files() {
        let bytes = std::fs::read(&path).unwrap();
        let (_, doc) = read_bytes(&bytes, &display_name(&path), &ReadOptions::default());
        let expected = golden
            .get(&stem(&path))
            .unwrap_or_else(|| panic!("no golden for {path:?}"));
        if &doc.dump() != expected {
            mismatches.push(format!(
                "{}:\n  expected {}\n  actual   {}",
                stem(&path),
                expected,
                doc.dump()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn golden_is_current_live() {
    let Some(python) = common::python3() else {
        return;
    };
    let names: Vec<String> = corpus_files().iter().map(|p| display_name(p)).collect();
    let args: Vec<&std::ffi::OsStr> = names.iter().map(|n| n.as_ref()).collect();
    let live = common::py_read(&python, &args);
    let version: PyVersion = common::python_version(&python)
        .parse()
        .expect("a version logcheck knows");
    if version < PyVersion::new(3, 10, 0) {
        // The golden is configparser 3.10+ (whose section headers run to
        // the last `]`); an older one is compared with the reader set to it.
        for path in corpus_files() {
            let bytes = std::fs::read(&path).unwrap();
            let opts = ReadOptions {
                version,
                ..ReadOptions::default()
            };
            let (_, doc) = read_bytes(&bytes, &display_name(&path), &opts);
            assert_eq!(
                doc.dump(),
                live[stem(&path)],
                "{} under {version}",
                stem(&path)
            );
        }
        return;
    }
    assert_eq!(
        live,
        Value::Object(golden()),
        "tests/goldens/ini_corpus.json is stale for python {}; regenerate it (see tests/oracle/py_read.py)",
        common::python_version(&python)
    );
}
