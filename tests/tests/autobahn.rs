//! The conformance gate's checker (`tests/autobahn/check.py`) must be able to
//! fail. kosoku itself is run by `tests/autobahn/run` (in CI); here the checker
//! reads small, made-up reports in kosoku's format and must pass the good set,
//! and fail a NON-STRICT case, an unlisted INFORMATIONAL one, and an allowed
//! case whose facts changed. Needs `python3` (CI installs it).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One case as kosoku reports it (only the fields the checker reads).
struct Case {
    id: &'static str,
    behavior: &'static str,
    close: &'static str,
    code: u16,
    messages: usize,
}

/// A case that went exactly as expected.
fn ok(id: &'static str) -> Case {
    Case {
        id,
        behavior: "OK",
        close: "OK",
        code: 1000,
        messages: 1,
    }
}

/// The three cases whose case files always say INFORMATIONAL, done right.
fn informational() -> Vec<Case> {
    vec![
        Case {
            id: "7.1.6",
            behavior: "INFORMATIONAL",
            close: "INFORMATIONAL",
            code: 1000,
            messages: 2,
        },
        Case {
            id: "7.13.1",
            behavior: "INFORMATIONAL",
            close: "INFORMATIONAL",
            code: 1002,
            messages: 0,
        },
        Case {
            id: "7.13.2",
            behavior: "INFORMATIONAL",
            close: "INFORMATIONAL",
            code: 1002,
            messages: 0,
        },
    ]
}

/// Writes `cases` as a kosoku report directory: index.json plus one file each.
fn write_reports(dir: &Path, cases: &[Case]) {
    std::fs::create_dir_all(dir).unwrap();
    let mut index = Vec::new();
    for c in cases {
        let file = format!("agent_case_{}.json", c.id.replace('.', "_"));
        let received: Vec<String> = (0..c.messages)
            .map(|_| r#"["message", "x", false]"#.to_string())
            .collect();
        let report = format!(
            r#"{{"behavior": "{b}", "behaviorClose": "{cl}", "remoteCloseCode": {code},
               "wasClean": true, "received": [{r}], "result": "r", "resultClose": "rc"}}"#,
            b = c.behavior,
            cl = c.close,
            code = c.code,
            r = received.join(", ")
        );
        std::fs::write(dir.join(&file), report).unwrap();
        index.push(format!(
            r#""{id}": {{"behavior": "{b}", "behaviorClose": "{cl}", "reportfile": "{file}"}}"#,
            id = c.id,
            b = c.behavior,
            cl = c.close
        ));
    }
    let index = format!(r#"{{"agent": {{{}}}}}"#, index.join(", "));
    std::fs::write(dir.join("index.json"), index).unwrap();
}

/// Runs the checker on server and client reports made of `cases`; returns
/// whether it passed, and what it printed.
fn check(name: &str, cases: fn() -> Vec<Case>) -> (bool, String) {
    let dir = std::env::temp_dir().join(format!("autobahn-check-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write_reports(&dir.join("server"), &cases());
    write_reports(&dir.join("client"), &cases());
    let out = Command::new("python3")
        .arg(root().join("tests/autobahn/check.py"))
        .arg(root().join("tests/autobahn/expected.txt"))
        .arg(format!("server={}", dir.join("server").display()))
        .arg(format!("client={}", dir.join("client").display()))
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_dir_all(&dir);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn all_ok_plus_the_allowed_informational_cases_pass() {
    let (passed, text) = check("good", || {
        let mut v = vec![ok("1.1.1"), ok("5.19"), ok("9.1.6")];
        v.extend(informational());
        v
    });
    assert!(passed, "{text}");
    assert!(text.contains("INFORMATIONAL"), "{text}");
}

#[test]
fn a_non_strict_case_fails_the_gate() {
    let (passed, text) = check("nonstrict", || {
        let mut v = vec![ok("1.1.1")];
        v.push(Case {
            behavior: "NON-STRICT",
            ..ok("2.3")
        });
        v.extend(informational());
        v
    });
    assert!(!passed, "{text}");
    assert!(
        text.contains("2.3: NON-STRICT/OK is not in the expected file"),
        "{text}"
    );
}

#[test]
fn an_unlisted_informational_case_fails_the_gate() {
    let (passed, text) = check("unlisted", || {
        let mut v = vec![Case {
            behavior: "INFORMATIONAL",
            close: "INFORMATIONAL",
            ..ok("6.4.1")
        }];
        v.extend(informational());
        v
    });
    assert!(!passed, "{text}");
    assert!(text.contains("6.4.1"), "{text}");
}

#[test]
fn an_allowed_case_whose_facts_changed_fails_the_gate() {
    let (passed, text) = check("facts", || {
        let mut v = informational();
        v[1].code = 1000; // 7.13.1 answered an invalid close code with 1000
        v
    });
    assert!(!passed, "{text}");
    assert!(text.contains("facts not holding: code=1002"), "{text}");
}

#[test]
fn a_listed_case_that_did_not_run_fails_the_gate() {
    let (passed, text) = check("missing", || vec![ok("1.1.1")]);
    assert!(!passed, "{text}");
    assert!(text.contains("did not run"), "{text}");
}
