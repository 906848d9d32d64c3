//! Snapshots of `logcheck simulate`, `explain` and `tree` text output for the
//! samples (NO_COLOR=1), run from samples/ as a user would.

use std::path::PathBuf;
use std::process::Command;

fn logcheck(args: &[&str]) -> String {
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    let out = Command::new(env!("CARGO_BIN_EXE_logcheck"))
        .args(args)
        .current_dir(&samples)
        .env("NO_COLOR", "1")
        .output()
        .expect("logcheck runs");
    // messages about the real disk name the checkout: `<repo>` on every machine
    format!(
        "$ logcheck {}\nexit: {}\n{}{}",
        args.join(" "),
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
    .replace(env!("CARGO_MANIFEST_DIR"), "<repo>")
}

/// (experiment, the logger its calls use)
const EXPERIMENTS: [(&str, &str); 13] = [
    ("base", "root"),
    ("base-asctime", "root"),
    ("base-root-debug", "root"),
    ("exp1", "eg01"),
    ("exp2", "eg02"),
    ("exp3", "eg01"),
    ("exp4", "eg01"),
    ("exp5", "eg01"),
    ("exp6", "eg02"),
    ("exp6b", "eg02"),
    ("extra-a", "eg01"),
    ("extra-b", "eg01"),
    ("extra-c", "eg01"),
];

#[test]
fn seed_experiments() {
    for (name, logger) in EXPERIMENTS {
        let conf = format!("seed/experiments/{name}.conf");
        let calls = format!("seed/experiments/{name}.calls.json");
        insta::assert_snapshot!(
            format!("simulate_{name}"),
            logcheck(&["simulate", &conf, "--calls", &calls])
        );
        insta::assert_snapshot!(
            format!("explain_{name}"),
            logcheck(&["explain", logger, "-c", &conf])
        );
        insta::assert_snapshot!(format!("tree_{name}"), logcheck(&["tree", &conf]));
    }
}

#[test]
fn working_samples() {
    insta::assert_snapshot!(
        "simulate_python_docs",
        logcheck(&["simulate", "python-docs-example.conf"])
    );
    insta::assert_snapshot!(
        "explain_python_docs",
        logcheck(&["explain", "simpleExample", "-c", "python-docs-example.conf"])
    );
    insta::assert_snapshot!(
        "tree_python_docs",
        logcheck(&["tree", "python-docs-example.conf"])
    );
    insta::assert_snapshot!(
        "simulate_web_service",
        logcheck(&["simulate", "web-service.conf"])
    );
    insta::assert_snapshot!(
        "explain_json_web_service",
        logcheck(&[
            "explain",
            "webapp.views",
            "-c",
            "web-service.conf",
            "--format",
            "json"
        ])
    );
    insta::assert_snapshot!(
        "explain_web_service_unconfigured",
        logcheck(&["explain", "webapp.views.admin", "-c", "web-service.conf"])
    );
    insta::assert_snapshot!(
        "explain_web_service_access",
        logcheck(&[
            "explain",
            "gunicorn.access",
            "-c",
            "web-service.conf",
            "--existing",
            "gunicorn"
        ])
    );
    insta::assert_snapshot!("tree_web_service", logcheck(&["tree", "web-service.conf"]));
    insta::assert_snapshot!(
        "simulate_json_exp1",
        logcheck(&[
            "simulate",
            "seed/experiments/exp1.conf",
            "--calls",
            "seed/experiments/exp1.calls.json",
            "--format",
            "json"
        ])
    );
    insta::assert_snapshot!(
        "simulate_missing_dir",
        logcheck(&["simulate", "seed/log.conf"])
    );
}
