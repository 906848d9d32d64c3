//! SysLogHandler against real listeners on loopback: the bytes the backend
//! sends over UDP, TCP and a unix datagram socket, compared with the bytes
//! CPython's SysLogHandler sends for the same fileConfig (UDP, live) and with
//! Python's documented framing `<PRI>message\0`.

use crate::backend_support;
use crate::common;

use backend_support::TempDir;
use log::Log;
use logcheck::backend::{Builder, Logger};
use std::io::Read;
use std::net::{TcpListener, UdpSocket};
use std::time::Duration;

const CALLS: [(log::Level, &str); 5] = [
    (log::Level::Error, "disk on fire"),
    (log::Level::Warn, "warm"),
    (log::Level::Info, "héllo"),
    (log::Level::Debug, "details"),
    (log::Level::Trace, "fine grain"),
];

fn config(dir: &std::path::Path, args: &str) -> std::path::PathBuf {
    let text = format!(
        "[loggers]\nkeys=root\n[handlers]\nkeys=s\n[formatters]\nkeys=f\n[logger_root]\nlevel=NOTSET\nhandlers=s\n\
[handler_s]\nclass=handlers.SysLogHandler\nargs={args}\nformatter=f\n[formatter_f]\nformat=app[%(levelname)s]: %(message)s\n"
    );
    let p = dir.join("syslog.ini");
    std::fs::write(&p, text).unwrap();
    p
}

fn send_all(logger: &Logger) {
    for (level, msg) in CALLS {
        logger.log(
            &log::Record::builder()
                .target("app")
                .level(level)
                .args(format_args!("{msg}"))
                .build(),
        );
    }
    logger.shutdown();
}

/// What Python's SysLogHandler sends for CALLS with `facility`.
fn expected(facility: u32) -> Vec<Vec<u8>> {
    let prio = |level: &str| match level {
        "ERROR" => 3,
        "WARNING" => 4,
        "INFO" => 6,
        "DEBUG" => 7,
        _ => 4, // "Level 5" maps to warning
    };
    ["ERROR", "WARNING", "INFO", "DEBUG", "Level 5"]
        .iter()
        .zip(CALLS)
        .map(|(name, (_, msg))| {
            let mut v = format!("<{}>app[{name}]: {msg}", facility << 3 | prio(name)).into_bytes();
            v.push(0);
            v
        })
        .collect()
}

fn recv_udp(socket: &UdpSocket, n: usize) -> Vec<Vec<u8>> {
    socket
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut buf = [0u8; 4096];
    (0..n)
        .map(|_| {
            let (len, _) = socket.recv_from(&mut buf).expect("datagram");
            buf[..len].to_vec()
        })
        .collect()
}

#[test]
fn udp_bytes_match_python_framing_and_live_cpython() {
    let dir = TempDir::new("syslog-udp");
    let listener = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let path = config(
        dir.path(),
        &format!("(('127.0.0.1', {port}), handlers.SysLogHandler.LOG_LOCAL3)"),
    );
    let logger = Builder::new().build(&path).unwrap();
    send_all(&logger);
    let got = recv_udp(&listener, 5);
    assert_eq!(got, expected(19));

    let Some(python) = common::python3() else {
        return;
    };
    // CPython, same file (its own port), bytes printed as hex.
    let py_listener = UdpSocket::bind("127.0.0.1:0").unwrap();
    let py_port = py_listener.local_addr().unwrap().port();
    let py_path = config(
        dir.path(),
        &format!("(('127.0.0.1', {py_port}), handlers.SysLogHandler.LOG_LOCAL3)"),
    );
    let script = "import logging, logging.config, sys\n\
logging.config.fileConfig(sys.argv[1])\n\
lg = logging.getLogger('app')\n\
for level, msg in [(40, 'disk on fire'), (30, 'warm'), (20, 'h\\u00e9llo'), (10, 'details'), (5, 'fine grain')]: lg.log(level, msg)\n\
logging.shutdown()\n";
    let status = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&py_path)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        recv_udp(&py_listener, 5),
        got,
        "CPython sends the same bytes"
    );
}

#[test]
fn tcp_stream_carries_the_same_frames() {
    let dir = TempDir::new("syslog-tcp");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // socktype=1 is socket.SOCK_STREAM; facility 1 is LOG_USER.
    let path = config(dir.path(), &format!("(('127.0.0.1', {port}), 1, 1)"));
    let reader = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut all = Vec::new();
        conn.read_to_end(&mut all).unwrap();
        all
    });
    let logger = Builder::new().build(&path).unwrap();
    send_all(&logger);
    drop(logger);
    let all = reader.join().unwrap();
    assert_eq!(all, expected(1).concat());
}

#[test]
fn unix_datagram_socket() {
    let dir = TempDir::new("syslog-unix");
    let sock_path = dir.path().join("log.sock");
    let listener = std::os::unix::net::UnixDatagram::bind(&sock_path).unwrap();
    listener
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let path = config(dir.path(), &format!("('{}',)", sock_path.display()));
    let logger = Builder::new().build(&path).unwrap();
    send_all(&logger);
    let mut buf = [0u8; 4096];
    let got: Vec<Vec<u8>> = (0..5)
        .map(|_| {
            let n = listener.recv(&mut buf).unwrap();
            buf[..n].to_vec()
        })
        .collect();
    assert_eq!(got, expected(1));
}
