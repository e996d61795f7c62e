//! The layering rules of ARCHITECTURE.md, checked so they cannot quietly erode:
//!
//! - the dependency arrows run one way, down the stack: a chapter depends only
//!   on earlier chapters;
//! - each chapter library's runtime dependencies are those its lesson needs
//!   (benchmarks and their peers live in bench-only crates);
//! - no two modules of a crate import each other;
//! - the crates.io peers of chapter 10's benchmark are not in the workspace, so
//!   `cargo clippy --workspace` and `cargo test` need no network after one build;
//! - one name per role: every service the loop runs is a `…Service`, every
//!   connection a `…Conn`.
//!
//! They read the sources and manifests as text: a rule broken is named with
//! the file that breaks it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The chapter crates: `chapters/NN-name`, with their number.
fn chapters() -> Vec<(u32, PathBuf)> {
    let mut out: Vec<(u32, PathBuf)> = std::fs::read_dir(root().join("chapters"))
        .expect("chapters/ exists")
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            let n = name.get(..2)?.parse().ok()?;
            Some((n, p))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 13, "found {} chapter crates", out.len());
    out
}

/// The names in a manifest's `[dependencies]` table (not dev-dependencies).
fn runtime_dependencies(manifest: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(manifest).expect("a Cargo.toml");
    let mut deps = BTreeSet::new();
    let mut inside = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == "[dependencies]";
            continue;
        }
        if !inside || line.is_empty() || line.starts_with('#') {
            continue;
        }
        let name = line.split(['=', '.', ' ']).next().unwrap_or("").trim();
        if !name.is_empty() {
            deps.insert(name.to_string());
        }
    }
    deps
}

#[test]
fn chapters_depend_only_on_earlier_chapters() {
    let mut wrong = Vec::new();
    for (n, dir) in chapters() {
        for dep in runtime_dependencies(&dir.join("Cargo.toml")) {
            if let Some(m) = dep
                .strip_prefix("ch")
                .and_then(|rest| rest.get(..2))
                .and_then(|d| d.parse::<u32>().ok())
                && m >= n
            {
                wrong.push(format!("chapter {n} depends on {dep}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows must point down the stack:\n{}",
        wrong.join("\n")
    );
}

// ANCHOR: allowed
/// The crates.io dependencies each chapter's lesson uses, and nothing else.
/// A benchmark's load client or an independent oracle belongs in a bench-only
/// crate or in dev-dependencies.
const ALLOWED: &[(u32, &[&str])] = &[
    (1, &["anyhow"]),
    (2, &["anyhow"]),
    (3, &["anyhow", "socket2"]), // the socket options, by hand
    (4, &["anyhow"]),
    (5, &["anyhow"]), // the parser is ours; httparse is a test oracle
    (6, &["anyhow"]),
    (7, &["anyhow", "mio"]),                    // the event loop
    (8, &["anyhow", "base64", "rand", "sha1"]), // the accept key and the client's nonce
    (9, &["anyhow"]),
    (10, &["anyhow", "rand", "socket2"]), // the client's masking keys and jitter; its keepalive and TCP_USER_TIMEOUT
    (11, &["anyhow", "rand"]),            // the chaos proxy's cuts, the client's jitter
    (12, &["anyhow"]),
    (13, &["anyhow"]),
    (14, &["anyhow", "mio", "rustls"]), // TLS (nobody writes it by hand in a tutorial); mio's listener for the loop
    (15, &["anyhow", "rustls"]),        // the TLS settings that offer h2 (chapter 14 makes them)
    (16, &["anyhow", "base64"]),        // Engine.IO sends binary as base64 over polling
];
// ANCHOR_END: allowed

#[test]
fn chapter_libraries_need_only_their_lesson_dependencies() {
    let mut wrong = Vec::new();
    for (n, dir) in chapters() {
        let allowed = ALLOWED
            .iter()
            .find(|(c, _)| *c == n)
            .map(|(_, a)| *a)
            .unwrap_or_else(|| {
                panic!("chapter {n} is not in ALLOWED: add its lesson's dependencies")
            });
        for dep in runtime_dependencies(&dir.join("Cargo.toml")) {
            if !dep.starts_with("ch") && !allowed.contains(&dep.as_str()) {
                wrong.push(format!("{}: {dep}", dir.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "runtime dependencies no lesson uses (move them to a bench crate or dev-dependencies):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_bench_peers_stay_out_of_the_workspace() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let members = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("members"))
        .expect("a members line");
    assert!(
        !members.contains("chapters/10-ws-server/bench\""),
        "the crates.io peers must not be a member: {members}"
    );
    assert!(
        manifest.contains("exclude = [\"chapters/10-ws-server/bench\"]"),
        "chapters/10-ws-server/bench must be excluded (members has chapters/* globs)"
    );
    let peers =
        std::fs::read_to_string(root().join("chapters/10-ws-server/bench/Cargo.toml")).unwrap();
    assert!(
        peers.contains("\n[workspace]"),
        "the peers are a workspace of their own"
    );
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every source file of every chapter library (`chapters/NN-name/src`), with its text.
fn library_sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for (_, dir) in chapters() {
        sources(&dir.join("src"), &mut files);
    }
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            (f, text)
        })
        .collect()
}

/// The top-level module a file of `src/` belongs to (`None` for the crate root
/// and binaries).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let name = first.trim_end_matches(".rs").to_string();
    (!matches!(name.as_str(), "lib" | "main" | "bin")).then_some(name)
}

/// The crate's modules named as `crate::x` in a file's code (comments and the
/// unit-test module left out: a test may use anything).
fn imports(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + 7..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
            rest = after;
        }
    }
    out
}

/// Module cycles in one crate's `src/`, as `a -> b -> a` lines (each cycle once).
fn cycles(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    sources(src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let Some(module) = module_of(src, &file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let deps = graph.entry(module.clone()).or_default();
        deps.extend(imports(&text).into_iter().filter(|d| *d != module));
    }
    // A path from each module back to itself, found by depth-first search.
    let mut members_seen: BTreeSet<Vec<String>> = BTreeSet::new();
    let mut out = Vec::new();
    for start in graph.keys() {
        let mut stack = vec![vec![start.clone()]];
        let mut visited = BTreeSet::new();
        while let Some(path) = stack.pop() {
            let at = path.last().expect("never empty");
            for next in graph.get(at).into_iter().flatten() {
                if next == start {
                    let mut members = path.clone();
                    members.sort();
                    if members_seen.insert(members) {
                        out.push(format!("{} -> {start}", path.join(" -> ")));
                    }
                } else if visited.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push(longer);
                }
            }
        }
    }
    out
}

#[test]
fn no_two_modules_import_each_other() {
    let mut crates: Vec<PathBuf> = Vec::new();
    for (_, dir) in chapters() {
        crates.push(dir.join("src"));
        for entry in std::fs::read_dir(&dir).unwrap() {
            let sub = entry.unwrap().path().join("src");
            if sub.is_dir() {
                crates.push(sub); // bench-only crates beside the chapter
            }
        }
    }
    let mut wrong = Vec::new();
    for src in crates {
        for cycle in cycles(&src) {
            wrong.push(format!("{}: {cycle}", src.display()));
        }
    }
    assert!(
        wrong.is_empty(),
        "modules that import each other:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    // The rule above must be able to fail: two modules naming each other.
    let dir = std::env::temp_dir().join(format!("arch-cycle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.rs"), "use crate::b::B;\npub struct A;\n").unwrap();
    std::fs::write(
        dir.join("b.rs"),
        "// crate::c in a comment is no import\nuse crate::a::A;\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("c.rs"),
        "pub struct C;\n#[cfg(test)]\nmod tests { use crate::a::A; }\n",
    )
    .unwrap();
    let found = cycles(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found, vec!["a -> b -> a".to_string()], "{found:?}");
}

#[test]
fn every_service_and_connection_has_its_role_in_its_name() {
    // `impl Service for X` and `impl Connection<S> for Y` anywhere in a chapter's
    // library: X ends in `Service`, Y in `Conn`.
    let mut wrong = Vec::new();
    for (file, text) in library_sources() {
        for line in text.lines().map(str::trim) {
            if let Some(name) = line.strip_prefix("impl Service for ") {
                let name = name.trim_end_matches(" {");
                if !name.ends_with("Service") {
                    wrong.push(format!("{}: service {name}", file.display()));
                }
            }
            if let Some(rest) = line.strip_prefix("impl Connection<")
                && let Some((_, name)) = rest.split_once("> for ")
            {
                let name = name.trim_end_matches(" {");
                if !name.ends_with("Conn") {
                    wrong.push(format!("{}: connection {name}", file.display()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "names that hide their role:\n{}",
        wrong.join("\n")
    );
}

// ANCHOR: written_once
/// Code that does one layer's job, and the only library files allowed to
/// contain it (tests, benches and examples may use anything). A second copy
/// of a parser, a connection or a push is what this catches.
const WRITTEN_ONCE: &[(&str, &[&str])] = &[
    // Requests are parsed by chapter 6's Incoming only (once per request; the
    // upgrade reads that parse through RequestHead), and by `ch05-parse`.
    (
        "parse_request(",
        &["05-http-parser/src/", "06-http-server/src/incoming.rs"],
    ),
    // Response heads are read by chapter 6's client only.
    (
        "parse_response(",
        &[
            "05-http-parser/src/",
            "06-http-server/src/client/response.rs",
        ],
    ),
    // One WebSocket connection on the server side.
    (
        "Receiver::with_limits(Role::Server",
        &["10-ws-server/src/websocket.rs"],
    ),
    ("Heartbeat::new(", &["10-ws-server/src/"]),
    // One held poll; one push over the feed (only a pusher resumes a cursor
    // the history dropped: the poll's 410 says where, SSE's reset says so).
    ("struct Held", &["11-long-polling/src/poll.rs"]),
    (
        ".resume_after()",
        &[
            "11-long-polling/src/push.rs",
            "11-long-polling/src/poll.rs",
            "12-sse/src/stream.rs",
        ],
    ),
    // Frames are encoded by chapter 9 only (others build headers to trace them).
    ("fn encode_frame", &["09-ws-frames/src/encoder.rs"]),
];
// ANCHOR_END: written_once

#[test]
fn each_layer_is_written_once() {
    let mut wrong = Vec::new();
    for (file, text) in library_sources() {
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let path = file.to_string_lossy().replace('\\', "/");
        for (needle, allowed) in WRITTEN_ONCE {
            let used = code
                .lines()
                .map(str::trim_start)
                .filter(|l| !l.starts_with("//"))
                .any(|l| l.contains(needle));
            if used && !allowed.iter().any(|a| path.contains(a)) {
                wrong.push(format!("{path}: {needle}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a layer written a second time:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn http_side_parses_the_loops_buffer_where_it_lies() {
    // HttpSide::read once copied a window of every read into a scratch Vec,
    // because chapter 6's Incoming drained one. It takes the input and nothing
    // else now: a buffer parameter coming back means the copy came back.
    let text =
        std::fs::read_to_string(root().join("chapters/07-event-loop/src/http_side.rs")).unwrap();
    let at = text.find("pub fn read(").expect("HttpSide::read");
    let signature = &text[at..at + text[at..].find('{').unwrap()];
    assert!(!signature.contains("Vec<u8>"), "{signature}");
    let incoming =
        std::fs::read_to_string(root().join("chapters/06-http-server/src/incoming.rs")).unwrap();
    assert!(
        incoming.contains("pub fn next(&mut self, buf: &[u8]) -> (usize, Next)"),
        "Incoming::next reads a borrowed slice"
    );
}
