//! Handlers written in Rust for a class named in the file (`class=myapp.Sink`):
//! the trait they implement, mirroring CPython's `Handler.emit`, `flush` and
//! `close`. The backend runs them next to the stdlib classes (its dispatch
//! holds them as one more variant, under the same handler lock); `simulate`
//! does not run user code, it reports such classes as not simulated.

/// The record a custom handler receives next to its formatted line.
#[derive(Debug, Clone, Copy)]
pub struct CustomRecord<'a> {
    /// The logger name (`root` for the root logger).
    pub name: &'a str,
    /// The record's level number.
    pub levelno: i64,
    /// The message (no level, no time).
    pub message: &'a str,
}

/// A Rust implementation of a handler class named in the file.
pub trait CustomHandler: Send {
    /// Emits one formatted line (without terminator). An `Err` prints the
    /// `--- Logging error ---` block, as a raising `emit` does.
    fn emit(&mut self, line: &str, record: &CustomRecord<'_>) -> std::io::Result<()>;
    /// `flush()`: called by `Logger::flush` and at shutdown.
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
    /// `close()`: called once at shutdown (or when a reload replaces it).
    fn close(&mut self) {}
}

/// What a custom handler factory gets from the `[handler_X]` section.
#[derive(Debug, Clone)]
pub struct CustomHandlerConfig {
    /// The handler key.
    pub key: String,
    /// The `class=` value.
    pub class: String,
    /// `args=` as written (not evaluated).
    pub args: Option<String>,
    /// `kwargs=` as written (not evaluated).
    pub kwargs: Option<String>,
}
