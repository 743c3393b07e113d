//! How a YAML 1.1 reader (go-yaml v2, used by Helm and by the registry) reads a
//! string pasted unquoted as a mapping value.
//!
//! STUB: the resolver is being written.

/// Ok when the registry reads `raw`, pasted unquoted after `key: `, as the same string.
pub fn check_paste(raw: &str) -> Result<(), String> {
    if raw.is_empty() {
        return Err("This value is required.".into());
    }
    Ok(())
}
