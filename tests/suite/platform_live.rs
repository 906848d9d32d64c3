//! `--platform windows`: log paths as `ntpath` reads them. The drive and
//! rooted paths logcheck treats as the service machine's own disk are
//! normalized exactly as `ntpath.normpath` does (checked against python3's
//! ntpath, which is pure Python on every OS), and the seed's `D:/log.conf`
//! loads under windows but not under posix.

use super::common::{Rng, live_cases, live_seed, python3, run_python};
use logcheck::Platform;
use logcheck::check::{CheckOptions, check_path};
use logcheck::handler_class::{nt_normpath, windows_foreign_path};

fn generated_path(rng: &mut Rng) -> String {
    let starts: [&str; 14] = [
        "D:",
        "d:/",
        "C:\\",
        "\\",
        "/",
        "\\\\srv\\share\\",
        "//srv/share/",
        "E:\\dir\\",
        "\\\\.\\",
        "\\\\?\\",
        "//?/",
        "\\\\?\\UNC\\srv\\share\\",
        "\\\\\\",
        "\\\\srv\\\\",
    ];
    let parts: [&str; 7] = ["logs", "..", ".", "", "app.log", "a b", "x.log"];
    let mut p = rng.pick(&starts[..]).to_string();
    for i in 0..rng.below(5) {
        if i > 0 {
            p.push(*rng.pick(&['/', '\\'][..]));
        }
        let part: &&str = rng.pick(&parts[..]);
        p.push_str(part);
    }
    p
}

#[test]
fn windows_paths_normalize_as_ntpath_does() {
    let Some(python) = python3() else { return };
    let version: logcheck::version::PyVersion = super::common::python_version(&python)
        .parse()
        .expect("version");
    let seed = live_seed();
    let mut rng = Rng::new(seed);
    let paths: Vec<String> = (0..live_cases(400))
        .map(|_| generated_path(&mut rng))
        .collect();
    let script = "import ntpath, sys, json\nprint(json.dumps([ntpath.normpath(p) for p in json.load(sys.stdin)]))";
    let input = serde_json::to_vec(&paths).expect("json");
    let out = run_python(&python, &["-c".as_ref(), script.as_ref()], input);
    let want: Vec<String> = serde_json::from_slice(&out).expect("python json");
    let mut mismatches = Vec::new();
    for (path, want) in paths.iter().zip(&want) {
        assert!(
            windows_foreign_path(path, version).is_some(),
            "{path:?} has a drive or a root"
        );
        let got = nt_normpath(path, version);
        if &got != want {
            mismatches.push(format!("{path:?}: ntpath {want:?}, logcheck {got:?}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "seed {seed}:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn seed_drive_path_loads_only_on_windows() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/seed/log.conf");
    let dir = std::env::temp_dir().join(format!("logcheck-platform-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let check = |platform| {
        check_path(
            file,
            &CheckOptions {
                cwd: dir.clone(),
                platform,
                ..CheckOptions::default()
            },
        )
    };
    let windows = check(Platform::Windows);
    assert_eq!(windows.python_error, None, "{:?}", windows.diagnostics);
    assert!(windows.diagnostics.iter().all(|d| d.code != "LC616"));
    let posix = check(Platform::Posix);
    let error = posix
        .python_error
        .expect("d:/ is a missing directory on POSIX");
    assert_eq!(error.type_name, "FileNotFoundError");
    let lc616 = posix
        .diagnostics
        .iter()
        .find(|d| d.code == "LC616")
        .expect("LC616");
    assert!(
        lc616.message.contains("directory named `d:`"),
        "{}",
        lc616.message
    );
    let _ = std::fs::remove_dir_all(&dir);
}
