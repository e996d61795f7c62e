//! Reads what `cargo test` printed: which tests passed, which failed, and the
//! panic message of each failure.
//!
//! We parse libtest's plain output rather than a cached flag, so the progress
//! list is always the truth about the code as it is now.

use std::collections::BTreeMap;

/// The outcome of one test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    /// Failed, with whatever the test printed (its panic message among it).
    Failed(String),
}

/// Every test libtest reported, by full name (`write_all::partial_writes`).
pub fn parse(stdout: &str) -> BTreeMap<String, Outcome> {
    let mut results = BTreeMap::new();
    for line in stdout.lines() {
        // `test write_all::partial_writes ... ok`
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        if let Some(name) = rest.strip_suffix(" ... ok") {
            results.insert(name.to_string(), Outcome::Passed);
        } else if let Some(name) = rest.strip_suffix(" ... FAILED") {
            results.insert(name.to_string(), Outcome::Failed(String::new()));
        }
    }
    // Failures are followed by sections: `---- NAME stdout ----` then its output.
    let mut current: Option<String> = None;
    for line in stdout.lines() {
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        {
            current = Some(name.to_string());
            continue;
        }
        if line == "failures:" || line.starts_with("test result:") {
            current = None;
        }
        if let Some(Outcome::Failed(text)) = current.as_ref().and_then(|n| results.get_mut(n)) {
            text.push_str(line);
            text.push('\n');
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_passes_failures_and_messages() {
        let out = "running 2 tests\ntest a::one ... ok\ntest b::two ... FAILED\n\nfailures:\n\n---- b::two stdout ----\n\nthread 'b::two' panicked at src/b.rs:3:5:\nnot yet implemented: write b\n\n\nfailures:\n    b::two\n\ntest result: FAILED. 1 passed; 1 failed\n";
        let r = parse(out);
        assert_eq!(r["a::one"], Outcome::Passed);
        match &r["b::two"] {
            Outcome::Failed(msg) => assert!(msg.contains("not yet implemented: write b"), "{msg}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(r.len(), 2);
    }
}
