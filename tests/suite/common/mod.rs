//! Helpers shared by the integration tests: finding python3 for the live
//! differential tests.
//!
//! Live tests compare logcheck with the real CPython. They run when a `python3`
//! is found; with `LOGCHECK_REQUIRE_PYTHON=1` (set by `.ci/run`) a missing
//! interpreter fails the test instead of skipping it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// The interpreter for live tests: `$LOGCHECK_PYTHON`, else `python3` on PATH.
/// Returns `None` (the test is skipped) when there is none, unless
/// `LOGCHECK_REQUIRE_PYTHON=1`, which turns that into a panic (a failed test).
pub fn python3() -> Option<PathBuf> {
    let candidate = std::env::var_os("LOGCHECK_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("python3"));
    let works = Command::new(&candidate)
        .args(["-c", "import sys; assert sys.version_info >= (3, 8)"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if works {
        return Some(candidate);
    }
    if std::env::var("LOGCHECK_REQUIRE_PYTHON").as_deref() == Ok("1") {
        panic!(
            "LOGCHECK_REQUIRE_PYTHON=1 but no working python3 was found ({}); \
             install python3 or set LOGCHECK_PYTHON",
            candidate.display()
        );
    }
    eprintln!("python3 not found: live differential test skipped");
    None
}

/// Every interpreter to compare with: `python3` and `~/.pyenv/versions/*/bin/python3`.
pub fn interpreters() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = python3().into_iter().collect();
    if let Some(home) = std::env::var_os("HOME") {
        let dir = PathBuf::from(home).join(".pyenv/versions");
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut more: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path().join("bin/python3"))
                .filter(|p| p.exists())
                .collect();
            more.sort();
            found.extend(more);
        }
    }
    found
}

/// [`interpreters`] with their versions, one interpreter per version that
/// logcheck knows (older ones left out), in [`interpreters`]' order.
pub fn interpreters_by_version() -> Vec<(PathBuf, logcheck::version::PyVersion)> {
    let mut found: Vec<(PathBuf, logcheck::version::PyVersion)> = Vec::new();
    for python in interpreters() {
        let Ok(version) = python_version(&python).parse() else {
            continue; // older than logcheck's versions
        };
        if !found.iter().any(|(_, v)| *v == version) {
            found.push((python, version));
        }
    }
    found
}

/// `major.minor.patch` of an interpreter, e.g. `"3.11.7"`.
pub fn python_version(python: &PathBuf) -> String {
    let out = Command::new(python)
        .args(["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"])
        .output()
        .expect("python3 runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Number of generated cases for a live test: `$LOGCHECK_LIVE_CASES` or `default`.
pub fn live_cases(default: usize) -> usize {
    std::env::var("LOGCHECK_LIVE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Seed for generated cases: `$LOGCHECK_SEED`, else derived from the clock so
/// that every run explores new inputs. Tests print it so a failure can be replayed.
pub fn live_seed() -> u64 {
    std::env::var("LOGCHECK_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(42)
        })
}

/// A small deterministic PRNG (SplitMix64) for generators: no dependency, and
/// a seed reproduces a run exactly.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Runs `python args…` with `input` on stdin and returns its stdout.
///
/// stdin is written from a separate thread, so a child that answers while it
/// is still reading (the batch oracles do) cannot deadlock on a full pipe.
/// A non-zero exit fails the test with the child's stderr.
pub fn run_python(python: &std::path::Path, args: &[&std::ffi::OsStr], input: Vec<u8>) -> Vec<u8> {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(python)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("python finishes");
    let _ = writer.join();
    assert!(
        output.status.success(),
        "{} failed: {}",
        python.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// `tests/oracle/py_read.py ARGS` run by `python` in the repository root:
/// configparser's reading of the files named, as JSON.
pub fn py_read(python: &std::path::Path, args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let out = Command::new(python)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("tests/oracle/py_read.py")
        .args(args)
        .output()
        .expect("run py_read.py");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("py_read JSON")
}

/// Path of a script in tests/oracle.
pub fn oracle_script(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oracle")
        .join(name)
}

/// Runs `requests` through `tests/oracle/fileconfig_oracle.py --batch -` on
/// `python`; one JSON answer per request, in order.
pub fn fileconfig_oracle_batch(
    python: &std::path::Path,
    requests: &[serde_json::Value],
) -> Vec<serde_json::Value> {
    let oracle = oracle_script("fileconfig_oracle.py");
    let stdout = run_python(
        python,
        &[oracle.as_os_str(), "--batch".as_ref(), "-".as_ref()],
        serde_json::to_vec(requests).expect("json"),
    );
    let answers: Vec<serde_json::Value> = (String::from_utf8_lossy(&stdout).lines())
        .map(|l| serde_json::from_str(l).expect("oracle JSON line"))
        .collect();
    assert_eq!(
        answers.len(),
        requests.len(),
        "the oracle answered every request"
    );
    answers
}

/// Fails when a live test found mismatches with CPython, showing the first
/// `shown` of them (each cut to 2,000 characters) and the seed that
/// replays the run. `what` names what was compared.
pub fn assert_no_mismatches(what: &str, mismatches: &[String], seed: u64, shown: usize) {
    let first: Vec<String> = mismatches
        .iter()
        .take(shown)
        .map(|m| m.chars().take(2_000).collect())
        .collect();
    assert!(
        mismatches.is_empty(),
        "{what}: {} mismatches (LOGCHECK_SEED={seed} replays them); the first {}:\n{}",
        mismatches.len(),
        first.len(),
        first.join("\n\n")
    );
}

#[test]
#[should_panic(expected = "2 mismatches (LOGCHECK_SEED=7 replays them); the first 1:\nfirst")]
fn mismatches_fail_with_their_seed() {
    assert_no_mismatches("cases", &["first".into(), "second".into()], 7, 1);
}

#[test]
fn no_mismatches_pass() {
    assert_no_mismatches("cases", &[], 7, 1);
}
