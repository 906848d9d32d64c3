use super::*;
use crate::pyvalue::PyObject;
use crate::version::PyVersion;

fn ev(src: &str) -> Result<PyValue, EvalError> {
    evaluate(src, &Namespace::logging(PyVersion::new(3, 11, 7)))
}

fn exc_text(src: &str) -> String {
    match ev(src) {
        Err(e) => e
            .exception()
            .map(|x| x.to_string())
            .unwrap_or_else(|| "NotStatic".into()),
        Ok(v) => format!("ok {}", py_repr(&v)),
    }
}

#[test]
fn literals_and_containers() {
    assert_eq!(
        ev("(sys.stdout,)"),
        Ok(PyValue::Tuple(vec![PyValue::Object(PyObject::Stdout)]))
    );
    assert_eq!(ev("(sys.stdout)"), Ok(PyValue::Object(PyObject::Stdout)));
    assert_eq!(
        exc_text("('a' 'b', b'x', 0x_1f, 1_000, 1.5e3, r'\\d', (), [1,], {1: 2, True: 3})"),
        "ok ('ab', b'x', 31, 1000, 1500.0, '\\\\d', (), [1], {1: 3})"
    );
    assert_eq!(exc_text("'logs\\app.log'"), "ok 'logs\\x07pp.log'");
    assert_eq!(exc_text("1, 2"), "ok (1, 2)");
    assert_eq!(exc_text("(1,)  # comment"), "ok (1,)");
}

#[test]
fn names_and_attributes() {
    assert_eq!(
        exc_text("(stdout,)"),
        "NameError: name 'stdout' is not defined"
    );
    assert_eq!(
        exc_text("sys.x"),
        "AttributeError: module 'sys' has no attribute 'x'"
    );
    assert_eq!(exc_text("handlers.SysLogHandler.LOG_LOCAL0"), "ok 16");
    assert_eq!(
        exc_text("handlers.SysLogHandler.x"),
        "AttributeError: type object 'SysLogHandler' has no attribute 'x'"
    );
    assert_eq!(
        exc_text("(DEBUG, WARN, handlers.DEFAULT_TCP_LOGGING_PORT)"),
        "ok (10, 30, 9020)"
    );
    assert!(matches!(
        ev("__import__('os').getcwd()"),
        Err(EvalError::NotStatic { .. })
    ));
    assert!(matches!(
        ev("sys.platform"),
        Err(EvalError::NotStatic { .. })
    ));
}

#[test]
fn arithmetic() {
    assert_eq!(exc_text("10*1024*1024"), "ok 10485760");
    assert_eq!(exc_text("1/0"), "ZeroDivisionError: division by zero");
    assert_eq!(
        exc_text("-7//2, 7%-3, 2**-1, -7.5%2"),
        "ok (-4, -2, 0.5, 0.5)"
    );
    assert_eq!(
        exc_text("'a'+1"),
        "TypeError: can only concatenate str (not \"int\") to str"
    );
    assert_eq!(
        exc_text("[1]*2.0"),
        "TypeError: can't multiply sequence by non-int of type 'float'"
    );
    assert!(matches!(ev("'x'*10**9"), Err(EvalError::NotStatic { .. })));
    assert_eq!(repr_float(1e16), "1e+16");
    assert_eq!(repr_float(1e-5), "1e-05");
    assert_eq!(repr_float(0.0001), "0.0001");
    assert_eq!(repr_float(1.2345678901234568e17), "1.2345678901234568e+17");
    // Two shortest strings equally close: Python takes the even digit.
    // (Parsed from text: the literals are exact binary values, which
    // clippy's excessive_precision would round the way Rust's `{}` does.)
    let exact = |text: &str| repr_float(text.parse().expect("a float"));
    assert_eq!(exact("897343624038829.25"), "897343624038829.2");
    assert_eq!(exact("1270555599318883.25"), "1270555599318883.2");
    assert_eq!(exact("95680117034613.625"), "95680117034613.62");
    assert_eq!(repr_float(-46.10377682133), "-46.10377682133");
}

#[test]
fn syntax_errors() {
    assert_eq!(
        exc_text(""),
        "SyntaxError: invalid syntax (<string>, line 0)"
    );
    assert_eq!(
        exc_text("(sys.stdout,"),
        "SyntaxError: '(' was never closed (<string>, line 1)"
    );
    assert_eq!(
        exc_text("(sys.stdout,)  ; c"),
        "SyntaxError: invalid syntax (<string>, line 1)"
    );
    assert_eq!(
        exc_text("('C:\\Users\\me\\app.log',)"),
        "SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 2-3: truncated \\UXXXXXXXX escape (<string>, line 1)"
    );
    assert_eq!(
        exc_text("Stream Handler"),
        "SyntaxError: invalid syntax (<string>, line 1)"
    );
    assert_eq!(
        exc_text("'abc"),
        "SyntaxError: unterminated string literal (detected at line 1) (<string>, line 1)"
    );
    // A line break at the very end of the input starts no new line (CPython
    // 3.11.7, 3.12.1, 3.13.0 agree on each of these).
    for (src, line) in [
        ("'a\\\n", 1),
        ("'a\\\nb", 2),
        ("'a\\\n\n", 2),
        ("'a\\\r\n", 1),
        ("'''a\n", 1),
        ("'''a\n\n", 2),
        ("'''a\\\nb", 2),
    ] {
        let kind = if src.starts_with("'''") {
            "triple-quoted string"
        } else {
            "string"
        };
        assert_eq!(
            exc_text(src),
            format!(
                "SyntaxError: unterminated {kind} literal (detected at line {line}) (<string>, line 1)"
            ),
            "{src:?}"
        );
    }
    assert_eq!(
        exc_text("(1,]"),
        "SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' (<string>, line 1)"
    );
    assert_eq!(
        exc_text("0777"),
        "SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers (<string>, line 1)"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "(".repeat(10_000);
    assert!(ev(&deep).is_err());
    let deep = "-".repeat(10_000) + "1";
    assert!(ev(&deep).is_err());
}

mod environment {
    use crate::pyexpr::{Environment, EvalError, Namespace, evaluate, evaluate_reading};
    use crate::pyvalue::PyValue;
    use crate::version::PyVersion;

    fn ns() -> Namespace {
        Namespace::logging(PyVersion::DEFAULT).with_environment(Environment::new(
            "/srv/app",
            vec![
                ("HOME".into(), "/home/u/".into()),
                ("LOGDIR".into(), "/var/log".into()),
            ],
        ))
    }

    fn s(v: &str) -> Result<PyValue, EvalError> {
        Ok(PyValue::Str(v.into()))
    }

    #[test]
    fn reads_are_evaluated_and_recorded() {
        let ns = ns();
        assert_eq!(
            evaluate("os.getcwd() + '/log/x.log'", &ns),
            s("/srv/app/log/x.log")
        );
        assert_eq!(evaluate("os.environ['LOGDIR']", &ns), s("/var/log"));
        assert_eq!(evaluate("os.environ.get('TMPDIR', '/tmp')", &ns), s("/tmp"));
        assert_eq!(evaluate("os.getenv('TMPDIR')", &ns), Ok(PyValue::None));
        assert_eq!(
            evaluate("os.path.join(os.getcwd(), 'a', 'b.log')", &ns),
            s("/srv/app/a/b.log")
        );
        assert_eq!(evaluate("os.path.abspath('../x/./y')", &ns), s("/srv/x/y"));
        assert_eq!(evaluate("os.path.expanduser('~/x')", &ns), s("/home/u/x"));
        assert_eq!(evaluate("os.path.dirname('/a/b/c')", &ns), s("/a/b"));
        // a platform constant, read like the environment (POSIX's value)
        assert_eq!(evaluate("os.devnull", &ns), s("/dev/null"));
        assert_eq!(evaluate("os.path.devnull", &ns), s("/dev/null"));
        let (_, reads) = evaluate_reading("(os.devnull, 'a')", &ns);
        assert_eq!(reads.len(), 1);
        assert_eq!(reads[0].call, "os.devnull");
        assert_eq!(reads[0].result, "'/dev/null'");
        let (result, reads) = evaluate_reading("(os.environ['nope'], 'a')", &ns);
        let err = result.unwrap_err();
        assert_eq!(err.exception().unwrap().to_string(), "KeyError: 'nope'");
        assert_eq!(reads.len(), 1);
        assert_eq!(reads[0].call, "os.environ['nope']");
        assert_eq!(
            evaluate("os.environ[1]", &ns)
                .unwrap_err()
                .exception()
                .unwrap()
                .to_string(),
            "TypeError: str expected, not int"
        );
    }

    #[test]
    fn fstrings_with_reads() {
        let ns = ns();
        assert_eq!(
            evaluate(r#"f'{os.environ.get("TMPDIR", "/tmp")}/crawler.log'"#, &ns),
            s("/tmp/crawler.log")
        );
        assert_eq!(
            evaluate("f'{{x}} {1+1!r} {\"a\"!r}' 'z'", &ns),
            s("{x} 2 'a'z")
        );
        assert!(matches!(
            evaluate("f'{x:>3}'", &ns),
            Err(EvalError::NotStatic { .. })
        ));
        assert!(matches!(
            evaluate("f'{x=}'", &ns),
            Err(EvalError::NotStatic { .. })
        ));
    }

    #[test]
    fn without_environment_reads_are_code() {
        let plain = Namespace::logging(PyVersion::DEFAULT);
        assert!(matches!(
            evaluate("os.getcwd()", &plain),
            Err(EvalError::NotStatic { .. })
        ));
        assert!(matches!(
            evaluate("os.environ['x']", &plain),
            Err(EvalError::NotStatic { .. })
        ));
        let ns = ns();
        assert!(matches!(
            evaluate("os.getenv(key='x')", &ns),
            Err(EvalError::NotStatic { .. })
        ));
        assert!(matches!(
            evaluate("os.system('x')", &ns),
            Err(EvalError::NotStatic { .. })
        ));
    }
}

/// The line a literal that fails to decode is reported on, as CPython
/// 3.11.7, 3.12.1 and 3.13.0 report it (recorded with `eval` on each): 3.11
/// names the line of the token after the run of literals, 3.12+ the
/// literal's first line (f-strings: the line of the part holding the escape).
#[test]
fn undecodable_literal_lines_follow_each_version() {
    let cases: [(&str, [usize; 3]); 9] = [
        ("'\\u0e9'", [1, 1, 1]),
        ("('\\u0e9'\n)", [2, 1, 1]),
        ("('\\u0e9'\n\n)", [3, 1, 1]),
        ("('\\u0e9'\n'a')", [2, 1, 1]),
        ("('a'\n'\\u0e9'\n)", [3, 2, 2]),
        ("'''a\n\\u0e9'''", [2, 1, 1]),
        ("('\\u0e9'\n   'b'  \n\n  )", [4, 1, 1]),
        ("(b'\\x4'\n)", [2, 1, 1]),
        ("(f'\\u0e9'\n)", [2, 1, 1]),
    ];
    for (src, lines) in cases {
        for (minor, line) in [11, 12, 13].into_iter().zip(lines) {
            let version = PyVersion::new(3, minor, 0);
            let err = evaluate(src, &Namespace::logging(version)).expect_err(src);
            let text = err.exception().map(|x| x.to_string()).unwrap_or_default();
            assert!(
                text.ends_with(&format!("(<string>, line {line})")),
                "3.{minor} {src:?}: {text}"
            );
        }
    }
}
