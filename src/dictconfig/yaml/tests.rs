//! Unit tests of the YAML front end.
