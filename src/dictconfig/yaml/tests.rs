//! Unit tests of the YAML front end.

use super::*;

#[test]
fn nesting_below_the_limit_reads() {
    let block: String = (0..MAX_DEPTH - 1).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
    assert!(read_yaml(&block).is_ok());
    // saphyr counts flow levels in a u8: 255 is its limit
    let flow = format!("{}{}", "[".repeat(255), "]".repeat(255));
    assert!(read_yaml(&flow).is_ok());
    let deeper = format!("{}{}", "[".repeat(256), "]".repeat(256));
    assert_eq!(read_yaml(&deeper).unwrap_err().exception.type_name, "RecursionError");
}
