//! `logging.handlers.SysLogHandler` with a unix-socket address (a string,
//! such as `'/dev/log'`), as the environment answers it.
//!
//! CPython's constructor swallows a failed connect (`except OSError: pass`,
//! like C's `openlog`), so the file loads; each `emit` then formats the
//! record, finds the socket closed, reconnects, fails again and prints a
//! `--- Logging error ---` block whose last exception is the connect's:
//! `FileNotFoundError: [Errno 2] No such file or directory` when nothing is
//! at the path, `ConnectionRefusedError: [Errno 111] Connection refused`
//! when something that is not a listening socket is. Windows has no
//! `socket.AF_UNIX`: the constructor raises `AttributeError` there.
//!
//! [`SyslogSocket`] is the real side (the backend's sockets);
//! [`unix_send_error`] the virtual side (`simulate` asks the file system,
//! read-only, what a send would meet).

use super::io::{FileIo, VIRTUAL_CWD, VirtualIo, os_error};
use crate::diagnostic::PyException;
use std::io::Write;
use std::net::{TcpStream, UdpSocket};
#[cfg(unix)]
use std::os::unix::net::{UnixDatagram, UnixStream};

/// `AttributeError: module 'socket' has no attribute 'AF_UNIX'`: what a
/// string address raises on a platform without unix sockets (Windows).
pub fn no_af_unix() -> PyException {
    PyException::new(
        "AttributeError",
        "module 'socket' has no attribute 'AF_UNIX'",
    )
}

/// What sending to the unix socket at `address` raises, asked read-only
/// (nothing connects): `None` when a socket is there (the message is
/// taken as delivered). A relative address is looked up in the virtual
/// working directory of `io`, an absolute one on the disk.
pub fn unix_send_error(io: &VirtualIo, address: &str) -> Option<PyException> {
    let refused = || PyException::new("ConnectionRefusedError", "[Errno 111] Connection refused");
    let missing = || PyException::new("FileNotFoundError", "[Errno 2] No such file or directory");
    if !address.starts_with('/') {
        let path = format!("{VIRTUAL_CWD}/{address}");
        // The virtual directory holds no sockets: a file there refuses.
        return Some(if io.exists(&path) {
            refused()
        } else {
            missing()
        });
    }
    match std::fs::metadata(address) {
        Err(_) => Some(missing()),
        Ok(meta) if is_socket(&meta) => None,
        Ok(_) => Some(refused()),
    }
}

#[cfg(unix)]
fn is_socket(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_socket()
}

#[cfg(not(unix))]
fn is_socket(_meta: &std::fs::Metadata) -> bool {
    false
}

/// Where a real `SysLogHandler` sends (the backend).
#[derive(Debug)]
pub enum SyslogSocket {
    /// `(host, port)`, `SOCK_DGRAM` (the default).
    Udp {
        /// The unconnected socket.
        socket: UdpSocket,
        /// `host:port`.
        address: String,
    },
    /// `(host, port)`, `SOCK_STREAM`: connected by the constructor.
    Tcp(TcpStream),
    /// A unix datagram socket (`None`: not connected, retried by each send).
    #[cfg(unix)]
    UnixDgram {
        /// The connected socket.
        socket: Option<UnixDatagram>,
        /// The address.
        path: String,
    },
    /// A unix stream socket (`None`: not connected, retried by each send).
    #[cfg(unix)]
    UnixStream {
        /// The connected socket.
        socket: Option<UnixStream>,
        /// The address.
        path: String,
    },
}

impl SyslogSocket {
    /// `SysLogHandler(address=path)`'s `_connect_unixsocket`: datagram first
    /// unless `socktype` says otherwise; CPython swallows a failed connect
    /// (each send retries, and its failure is a Logging error).
    #[cfg(unix)]
    pub fn unix(path: &str, socktype: Option<i128>) -> Result<SyslogSocket, PyException> {
        let path = path.to_string();
        let dgram = || UnixDatagram::unbound().and_then(|s| s.connect(&path).map(|()| s));
        Ok(match socktype {
            Some(1) => SyslogSocket::UnixStream {
                socket: UnixStream::connect(&path).ok(),
                path,
            },
            Some(2) => SyslogSocket::UnixDgram {
                socket: dgram().ok(),
                path,
            },
            _ => match dgram() {
                Ok(s) => SyslogSocket::UnixDgram {
                    socket: Some(s),
                    path,
                },
                Err(_) => match UnixStream::connect(&path) {
                    Ok(s) => SyslogSocket::UnixStream {
                        socket: Some(s),
                        path,
                    },
                    Err(_) => SyslogSocket::UnixDgram { socket: None, path },
                },
            },
        })
    }

    /// Windows has no `socket.AF_UNIX`: CPython's constructor raises.
    #[cfg(not(unix))]
    pub fn unix(_path: &str, _socktype: Option<i128>) -> Result<SyslogSocket, PyException> {
        Err(no_af_unix())
    }

    /// The send of `SysLogHandler.emit`: a unix socket that fails is closed,
    /// reconnected once and the message resent.
    pub fn send(&mut self, bytes: &[u8]) -> Result<(), PyException> {
        let io = |e: std::io::Error| os_error(&e, None);
        match self {
            SyslogSocket::Udp { socket, address } => socket
                .send_to(bytes, address.as_str())
                .map(|_| ())
                .map_err(io),
            SyslogSocket::Tcp(stream) => stream.write_all(bytes).map_err(io),
            #[cfg(unix)]
            SyslogSocket::UnixDgram { socket, path } => {
                if let Some(Ok(_)) = socket.as_ref().map(|s| s.send(bytes)) {
                    return Ok(());
                }
                let s = UnixDatagram::unbound().map_err(io)?;
                s.connect(path.as_str()).map_err(io)?;
                s.send(bytes).map_err(io)?;
                *socket = Some(s);
                Ok(())
            }
            #[cfg(unix)]
            SyslogSocket::UnixStream { socket, path } => {
                if let Some(Ok(())) = socket.as_mut().map(|s| s.write_all(bytes)) {
                    return Ok(());
                }
                let mut s = UnixStream::connect(path.as_str()).map_err(io)?;
                s.write_all(bytes).map_err(io)?;
                *socket = Some(s);
                Ok(())
            }
        }
    }

    /// `SysLogHandler.close()`: closes the socket.
    pub fn close(&mut self) {
        match self {
            SyslogSocket::Tcp(stream) => {
                let _ = stream.shutdown(std::net::Shutdown::Both);
            }
            #[cfg(unix)]
            SyslogSocket::UnixDgram { socket, .. } => *socket = None,
            #[cfg(unix)]
            SyslogSocket::UnixStream { socket, .. } => *socket = None,
            SyslogSocket::Udp { .. } => {}
        }
    }
}

/// What `SysLogHandler.emit` sends: `<priority>` + the formatted line + NUL
/// (no ident, `append_nul`).
pub fn message(facility: i64, levelname: &str, line: &str) -> Vec<u8> {
    let mut bytes = format!("<{}>", (facility << 3) | map_priority(levelname)).into_bytes();
    bytes.extend_from_slice(line.as_bytes());
    bytes.push(0);
    bytes
}

/// `SysLogHandler.mapPriority` + `priority_names`.
pub fn map_priority(levelname: &str) -> i64 {
    match levelname {
        "DEBUG" => 7,
        "INFO" => 6,
        "ERROR" => 3,
        "CRITICAL" => 2,
        _ => 4,
    }
}

/// `SysLogHandler.facility_names`.
pub fn facility_number(name: &str) -> Option<i64> {
    Some(match name {
        "auth" | "security" => 4,
        "authpriv" => 10,
        "console" => 14,
        "cron" => 9,
        "daemon" => 3,
        "ftp" => 11,
        "kern" => 0,
        "lpr" => 6,
        "mail" => 2,
        "news" => 7,
        "ntp" => 12,
        "solaris-cron" => 15,
        "syslog" => 5,
        "user" => 1,
        "uucp" => 8,
        "local0" => 16,
        "local1" => 17,
        "local2" => 18,
        "local3" => 19,
        "local4" => 20,
        "local5" => 21,
        "local6" => 22,
        "local7" => 23,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities() {
        assert_eq!(map_priority("Level 5"), 4);
        assert_eq!(map_priority("CRITICAL"), 2);
        assert_eq!(facility_number("local7"), Some(23));
        assert_eq!(message(1, "ERROR", "x"), b"<11>x\0");
    }
}
