//! Reads `exercises/NN-name/info.txt`, the one place where each exercise is
//! named, pointed at its file, and given its hint.
//!
//! ```text
//! # comments and blank lines are ignored; exercises in the order to do them
//! [write_all]
//! file = src/write_all.rs
//! hint = Each call to write may take only part of the buffer ...
//! ```
//!
//! The `[name]` is also the name of the module in `checks.rs` that holds the
//! exercise's tests, so `write_all::` prefixes every test that checks it.

use anyhow::{Context, bail};

/// One exercise, as `info.txt` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// The module of tests in `checks.rs` (`write_all`).
    pub name: String,
    /// The file to edit, relative to the exercise crate.
    pub file: String,
    /// What to do, in a sentence or three.
    pub hint: String,
}

/// Parses the text of an `info.txt`.
pub fn parse(text: &str) -> anyhow::Result<Vec<Exercise>> {
    let mut out: Vec<Exercise> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = || format!("info.txt line {}", n + 1);
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.push(Exercise {
                name: name.trim().to_string(),
                file: String::new(),
                hint: String::new(),
            });
            continue;
        }
        let (key, value) = line.split_once('=').with_context(at)?;
        let ex = out
            .last_mut()
            .with_context(|| format!("{}: no [exercise] yet", at()))?;
        match key.trim() {
            "file" => ex.file = value.trim().to_string(),
            "hint" => {
                // A long hint may continue over several `hint =` lines.
                if !ex.hint.is_empty() {
                    ex.hint.push(' ');
                }
                ex.hint.push_str(value.trim());
            }
            other => bail!("{}: unknown key {other:?}", at()),
        }
    }
    for ex in &out {
        if ex.file.is_empty() || ex.hint.is_empty() {
            bail!("exercise [{}] needs both file = and hint =", ex.name);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blocks_and_rejects_incomplete_ones() {
        let text =
            "# c\n[a]\nfile = src/a.rs\nhint = one\nhint = two\n\n[b]\nfile=src/b.rs\nhint=x\n";
        let list = parse(text).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].hint, "one two");
        assert_eq!(list[1].file, "src/b.rs");
        assert!(parse("[a]\nfile = x\n").is_err());
        assert!(parse("file = x\n").is_err());
        assert!(parse("[a]\nfile = x\nhint = y\ncolour = z\n").is_err());
    }
}
