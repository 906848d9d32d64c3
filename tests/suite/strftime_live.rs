//! Live differential test: `logcheck::format::strftime` vs CPython's
//! `time.strftime` under `TZ=UTC`, over random formats (every directive, glibc
//! flags, widths, E/O modifiers, unknown directives, literal and non-ASCII
//! text, a trailing `%`) × random times.

use crate::common;

use logcheck::format::strftime::{BrokenDownTime, strftime};

const PY: &str = r#"
import json, os, sys, time
os.environ["TZ"] = "UTC"
time.tzset()
cases = json.load(sys.stdin)
out = []
for fmt, epoch in cases:
    try:
        out.append(["ok", time.strftime(fmt, time.localtime(epoch))])
    except Exception as e:
        out.append(["err", "%s: %s" % (type(e).__name__, e)])
json.dump(out, sys.stdout)
"#;

fn random_format(rng: &mut common::Rng) -> String {
    const DIRECTIVES: &[u8] = b"aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%fqNLE+:.Oiv1Q";
    const TEXT: &[&str] = &[
        " ", "-", ":", ",", "T", "ü", "日", "abc", "/", "%%", " %", ".",
    ];
    let mut s = String::new();
    for _ in 0..rng.below(6) + 1 {
        if rng.chance(25) {
            s.push_str(TEXT[rng.below(TEXT.len())]);
            continue;
        }
        s.push('%');
        for _ in 0..rng.below(3) {
            if rng.chance(35) {
                s.push(*rng.pick(&['_', '-', '0', '^', '#', '+']));
            }
        }
        if rng.chance(25) {
            s.push_str(&rng.below(25).to_string());
        }
        if rng.chance(12) {
            s.push(*rng.pick(&['E', 'O']));
        }
        if rng.chance(3) {
            s.push('é');
        } else if !rng.chance(2) {
            s.push(*rng.pick(DIRECTIVES) as char);
        }
    }
    s
}

#[test]
fn strftime_matches_python() {
    let Some(python) = common::python3() else {
        return;
    };
    let seed = common::live_seed();
    let count = common::live_cases(6000);
    let mut rng = common::Rng::new(seed);
    let mut cases = Vec::with_capacity(count);
    for _ in 0..count {
        let fmt = random_format(&mut rng);
        // 1970..2100, biased towards year boundaries (ISO weeks, %U/%W).
        let epoch: i64 = if rng.chance(30) {
            let year_start = [
                0i64,
                946_684_800,
                1_104_537_600,
                1_230_768_000,
                1_704_067_200,
            ];
            rng.pick(&year_start) + rng.below(10 * 86_400) as i64 - 5 * 86_400
        } else {
            (rng.next_u64() % 4_102_444_800) as i64
        };
        cases.push((fmt, epoch.max(0)));
    }
    let stdout = common::run_python(
        &python,
        &["-c".as_ref(), PY.as_ref()],
        serde_json::to_vec(&cases).expect("json"),
    );
    let answers: Vec<(String, String)> =
        serde_json::from_slice(&stdout).expect("python printed JSON");
    assert_eq!(answers.len(), cases.len());
    let mut mismatches = Vec::new();
    for ((fmt, epoch), (kind, expected)) in cases.iter().zip(&answers) {
        let t = BrokenDownTime::from_epoch(*epoch, 0, "UTC");
        let got = match strftime(fmt, &t) {
            Ok(s) => ("ok".to_string(), s),
            Err(e) => ("err".to_string(), e.to_string()),
        };
        if (&got.0, &got.1) != (kind, expected) {
            mismatches.push(format!(
                "{fmt:?} @ {epoch}: python {kind} {expected:?}, ours {got:?}"
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "seed {seed}: {} of {} mismatches:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches[..mismatches.len().min(30)].join("\n")
    );
    eprintln!(
        "strftime_live: {} cases, 0 mismatches (seed {seed})",
        cases.len()
    );
}
