//! dictConfig documents (issue #13): the JSON and YAML front ends read a
//! file into one positioned tree, [`Node`], which the dictConfig model is
//! built from. Each front end reports a syntax error exactly as the Python
//! reader raises it (`json.JSONDecodeError`, PyYAML's `ScannerError`,
//! `ParserError`, `ConstructorError` …) with its position.

pub(crate) mod check;
pub mod json;
pub mod node;
pub mod verdict;
pub mod yaml;

pub use json::{read_json, read_json_for};
pub use node::{Node, NodeValue, ReadError};
