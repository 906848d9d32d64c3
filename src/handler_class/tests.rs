use super::*;
use crate::pyvalue::{PyObject, PyValue};

fn v() -> PyVersion {
    PyVersion::new(3, 11, 7)
}

fn resolved(text: &str) -> String {
    match resolve(text, v(), &[]) {
        Resolution::Class(c) => format!("{c:?}"),
        Resolution::Error(e) => e.to_string(),
        Resolution::NotStatic { reason } => format!("NotStatic {reason}"),
    }
}

#[test]
fn resolves_like_file_config() {
    assert_eq!(resolved("StreamHandler"), "Known(StreamHandler)");
    assert_eq!(resolved("logging.StreamHandler"), "Known(StreamHandler)");
    assert_eq!(
        resolved("handlers.RotatingFileHandler"),
        "Known(RotatingFileHandler)"
    );
    assert_eq!(
        resolved("logging.handlers.WatchedFileHandler"),
        "Known(WatchedFileHandler)"
    );
    assert_eq!(
        resolved("NoSuchHandler"),
        "ModuleNotFoundError: No module named 'NoSuchHandler'"
    );
    assert_eq!(
        resolved("handlers.NoSuch"),
        "ModuleNotFoundError: No module named 'handlers'"
    );
    assert_eq!(
        resolved("logging.handlers.NoSuch"),
        "ModuleNotFoundError: No module named 'logging.handlers.NoSuch'; 'logging.handlers' is not a package"
    );
    assert_eq!(
        resolved("streamhandler"),
        "ModuleNotFoundError: No module named 'streamhandler'"
    );
    assert_eq!(
        resolved("Stream Handler"),
        "SyntaxError: invalid syntax (<string>, line 1)"
    );
    assert!(resolved("os.path").starts_with("NotCallable { type_name: \"module\""));
    assert!(resolved("__import__('os').system('x') or StreamHandler").starts_with("NotStatic"));
    let custom = resolve("myapp.log.Handler", v(), &["myapp".to_string()]);
    assert!(matches!(
        custom,
        Resolution::Class(HandlerClass::Custom { .. })
    ));
}

fn build(class: KnownClass, args: PyValue, kwargs: PyValue) -> Result<HandlerSpec, String> {
    let fs = VirtualFs::empty("/work/app").with("/work/app/logs", PathKind::Dir);
    construct(
        &HandlerClass::Known(class),
        &args,
        &kwargs,
        &fs,
        v(),
        Platform::Posix,
    )
        .result
        .map_err(|e| e.to_string())
}

fn s(x: &str) -> PyValue {
    PyValue::Str(x.into())
}

fn tuple(items: Vec<PyValue>) -> PyValue {
    PyValue::Tuple(items)
}

fn empty() -> PyValue {
    PyValue::Dict(vec![])
}

#[test]
fn binds_like_python() {
    use KnownClass::*;
    assert_eq!(
        build(FileHandler, s("app.log"), empty()).unwrap_err(),
        "TypeError: FileHandler.__init__() takes from 2 to 6 positional arguments but 8 were given"
    );
    assert_eq!(
        build(FileHandler, tuple(vec![]), empty()).unwrap_err(),
        "TypeError: FileHandler.__init__() missing 1 required positional argument: 'filename'"
    );
    assert_eq!(
        build(StreamHandler, PyValue::Object(PyObject::Stdout), empty()).unwrap_err(),
        "io.UnsupportedOperation: not readable"
    );
    assert_eq!(
        build(StreamHandler, tuple(vec![]), tuple(vec![s("x")])).unwrap_err(),
        "TypeError: logging.StreamHandler() argument after ** must be a mapping, not tuple"
    );
    assert_eq!(
        build(
            StreamHandler,
            tuple(vec![]),
            PyValue::Dict(vec![(s("colour"), PyValue::Bool(true))])
        )
        .unwrap_err(),
        "TypeError: StreamHandler.__init__() got an unexpected keyword argument 'colour'"
    );
    assert_eq!(
        build(
            StreamHandler,
            tuple(vec![PyValue::Object(PyObject::Stdout)]),
            PyValue::Dict(vec![(s("stream"), PyValue::Object(PyObject::Stderr))])
        )
        .unwrap_err(),
        "TypeError: StreamHandler.__init__() got multiple values for argument 'stream'"
    );
}

/// `_checkLevel` of a tuple: 3.9 formats the message with its items.
#[test]
fn a_tuple_level_is_worded_per_version() {
    let level = |items: Vec<PyValue>, minor| {
        crate::level::not_a_level(&PyValue::Tuple(items), PyVersion::new(3, minor, 0)).to_string()
    };
    let pair = || vec![s("h"), PyValue::Int(25)];
    assert_eq!(level(pair(), 9), "TypeError: not all arguments converted during string formatting");
    assert_eq!(level(vec![s("h")], 9), "TypeError: Level not an integer or a valid string: 'h'");
    assert_eq!(level(vec![], 9), "TypeError: not enough arguments for format string");
    assert_eq!(level(pair(), 10), "TypeError: Level not an integer or a valid string: ('h', 25)");
}

/// 3.8's file handlers take no `errors` (3.9 added it, as the last parameter).
#[test]
fn file_handlers_take_errors_from_39() {
    let errors = PyValue::Dict(vec![(s("errors"), s("strict"))]);
    let five = tuple(vec![s("app.log"), s("a"), PyValue::None, PyValue::Bool(true), s("strict")]);
    let v38 = PyVersion::new(3, 8, 18);
    for class in [KnownClass::FileHandler, KnownClass::WatchedFileHandler] {
        assert_eq!(
            signature::bind(class, &tuple(vec![s("app.log")]), &errors, v38)
                .unwrap_err()
                .to_string(),
            "TypeError: __init__() got an unexpected keyword argument 'errors'"
        );
        assert_eq!(
            signature::bind(class, &five, &empty(), v38).unwrap_err().to_string(),
            "TypeError: __init__() takes from 2 to 5 positional arguments but 6 were given"
        );
        assert!(signature::bind(class, &five, &empty(), PyVersion::new(3, 9, 18)).is_ok());
    }
}

#[test]
fn file_checks() {
    use KnownClass::*;
    assert_eq!(
        build(
            FileHandler,
            tuple(vec![s("no/such/dir/app.log"), s("a")]),
            empty()
        )
        .unwrap_err(),
        "FileNotFoundError: [Errno 2] No such file or directory: '/work/app/no/such/dir/app.log'"
    );
    assert_eq!(
        build(FileHandler, tuple(vec![s("d:/logs.txt")]), empty()).unwrap_err(),
        "FileNotFoundError: [Errno 2] No such file or directory: '/work/app/d:/logs.txt'"
    );
    assert_eq!(
        build(FileHandler, tuple(vec![s("m.log"), s("x+z")]), empty()).unwrap_err(),
        "ValueError: invalid mode: 'x+z'"
    );
    assert_eq!(
        build(FileHandler, tuple(vec![s("logs")]), empty()).unwrap_err(),
        "IsADirectoryError: [Errno 21] Is a directory: '/work/app/logs'"
    );
    assert_eq!(
        build(
            TimedRotatingFileHandler,
            tuple(vec![s("t.log"), s("weekly")]),
            empty()
        )
        .unwrap_err(),
        "ValueError: You must specify a day for weekly rollover from 0 to 6 (0 is Monday): WEEKLY"
    );
    let ok = build(
        RotatingFileHandler,
        tuple(vec![s("./logs/../r.log"), s("w"), PyValue::Int(10)]),
        empty(),
    )
    .unwrap();
    match ok {
        HandlerSpec::File {
            path,
            mode,
            encoding,
            ..
        } => {
            assert_eq!(path, "/work/app/r.log");
            assert_eq!(mode, "a");
            assert_eq!(encoding.as_deref(), Some("locale"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn normpath_matches_posixpath() {
    assert_eq!(normpath("/a//b/./c/../d"), "/a/b/d");
    assert_eq!(normpath("//a"), "//a");
    assert_eq!(normpath("///a"), "/a");
    assert_eq!(normpath("../x"), "../x");
    assert_eq!(normpath("/.."), "/");
    assert_eq!(abspath("x.log", "/w"), "/w/x.log");
}

/// CPython 3.8 words the unpacking and `os.fspath` errors by type
/// (`type object argument after **`, `_io.TextIOWrapper`), 3.9+ by name;
/// the strings are 3.8.18's and 3.9.18's.
#[test]
fn unpacking_and_fspath_errors_are_worded_per_version() {
    use KnownClass::*;
    let build_in = |class, args, kwargs, minor| {
        let fs = VirtualFs::empty("/work/app");
        construct(
            &HandlerClass::Known(class),
            &args,
            &kwargs,
            &fs,
            PyVersion::new(3, minor, 0),
            Platform::Posix,
        )
        .result
        .map_err(|e| e.to_string())
        .unwrap_err()
    };
    let stream_args = || tuple(vec![PyValue::Object(PyObject::Stderr)]);
    let cases = [
        (8, "TypeError: type object argument after ** must be a mapping, not tuple"),
        (9, "TypeError: logging.StreamHandler() argument after ** must be a mapping, not tuple"),
    ];
    for (minor, want) in cases {
        assert_eq!(build_in(StreamHandler, tuple(vec![]), tuple(vec![s("x")]), minor), want);
    }
    let cases = [
        (8, "TypeError: type object argument after * must be an iterable, not bool"),
        (9, "TypeError: logging.StreamHandler() argument after * must be an iterable, not bool"),
    ];
    for (minor, want) in cases {
        assert_eq!(build_in(StreamHandler, PyValue::Bool(false), empty(), minor), want);
    }
    let cases = [
        (8, "TypeError: expected str, bytes or os.PathLike object, not _io.TextIOWrapper"),
        (9, "TypeError: expected str, bytes or os.PathLike object, not TextIOWrapper"),
    ];
    for (minor, want) in cases {
        assert_eq!(build_in(WatchedFileHandler, stream_args(), empty(), minor), want);
    }
}
