//! `cargo run -p progress`: every exercise, passed or not yet, and the hint for
//! the next one. It runs the real checks each time (`cargo test -p exNN-…`), so
//! what it says is always the truth about your code as it is now.
//!
//! `cargo run -p progress -- --check` is what CI runs: it proves that every
//! exercise, as shipped, fails its checks with a "not yet implemented" message
//! that says what to write, and that every solution passes the same checks.

mod info;
mod libtest;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use info::Exercise;
use libtest::Outcome;

const USAGE: &str = "\
progress: how far you are through the exercises

USAGE:
    cargo run -p progress             list every exercise, passed or not yet, and the next hint
    cargo run -p progress -- --check  (CI) every shipped exercise fails, every solution passes

Each chapter's exercises live in exercises/NN-name/ (package exNN-name); check one
chapter with `cargo test -p exNN-name`. Solutions are in solutions/NN-name/.";

/// One chapter's exercises: `exercises/01-tcp` → packages `ex01-tcp` and `sol01-tcp`.
struct Chapter {
    dir: String,
    exercises: Vec<Exercise>,
}

impl Chapter {
    fn exercise_package(&self) -> String {
        format!("ex{}", self.dir)
    }
    fn solution_package(&self) -> String {
        format!("sol{}", self.dir)
    }
}

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let check = args.flag("--check");
    args.finish()?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let chapters = chapters(&root)?;
    if check {
        check_all(&root, &chapters)
    } else {
        list(&root, &chapters)
    }
}

/// Every `exercises/NN-name/info.txt`, in chapter order.
fn chapters(root: &Path) -> anyhow::Result<Vec<Chapter>> {
    let mut dirs: Vec<String> = std::fs::read_dir(root.join("exercises"))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.as_bytes().first().is_some_and(u8::is_ascii_digit))
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for dir in dirs {
        let path = root.join("exercises").join(&dir).join("info.txt");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let exercises = info::parse(&text).with_context(|| format!("in {}", path.display()))?;
        out.push(Chapter { dir, exercises });
    }
    Ok(out)
}

/// What running one package's checks produced.
enum Run {
    Ran(BTreeMap<String, Outcome>),
    /// It did not build: the compiler's complaint.
    DidNotBuild(String),
}

/// Runs `cargo test -p PACKAGE --test checks` and reads every test's outcome.
fn run_checks(root: &Path, package: &str) -> anyhow::Result<Run> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(root)
        .args(["test", "-p", package, "--test", "checks", "--no-fail-fast"])
        .args(["--", "--color", "never"])
        .output()
        .with_context(|| format!("running cargo test -p {package}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let results = libtest::parse(&stdout);
    if results.is_empty() && !out.status.success() {
        return Ok(Run::DidNotBuild(
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ));
    }
    Ok(Run::Ran(results))
}

/// The tests that check one exercise: those in its module, `name::…`.
fn tests_of<'a>(
    results: &'a BTreeMap<String, Outcome>,
    ex: &Exercise,
) -> Vec<(&'a String, &'a Outcome)> {
    results
        .iter()
        .filter(|(n, _)| n.starts_with(&prefix(ex)))
        .collect()
}

/// Every check of an exercise is in `mod NAME` inside the test target's `mod checks`.
fn prefix(ex: &Exercise) -> String {
    format!("checks::{}::", ex.name)
}

fn passed(results: &BTreeMap<String, Outcome>, ex: &Exercise) -> bool {
    let tests = tests_of(results, ex);
    !tests.is_empty() && tests.iter().all(|(_, o)| **o == Outcome::Passed)
}

/// Where one exercise stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Passed,
    NotYet,
    /// Its chapter's crate does not compile, so no check ran: we cannot tell,
    /// and "not yet" would hide that exercises already done are still fine.
    DoesNotCompile,
}

/// One line of the listing.
struct Row {
    pkg: String,
    ex: Exercise,
    state: State,
    file: PathBuf,
}

/// The rows of one chapter, from what running its checks produced.
fn rows(ch: &Chapter, run: &Run) -> Vec<Row> {
    let pkg = ch.exercise_package();
    ch.exercises
        .iter()
        .map(|ex| {
            let state = match run {
                Run::DidNotBuild(_) => State::DoesNotCompile,
                Run::Ran(results) if passed(results, ex) => State::Passed,
                Run::Ran(_) => State::NotYet,
            };
            let file = Path::new("exercises").join(&ch.dir).join(&ex.file);
            Row {
                pkg: pkg.clone(),
                ex: ex.clone(),
                state,
                file,
            }
        })
        .collect()
}

/// The listing, the bar and what to do next.
fn report(rows: &[Row]) -> String {
    let mut out = String::from("\n");
    for row in rows {
        let state = match row.state {
            State::Passed => "passed ",
            State::NotYet => "not yet",
            State::DoesNotCompile => "fix the compile error first:",
        };
        out += &format!(
            "  {state}  {:<22} {:<24} {}\n",
            row.pkg,
            row.ex.name,
            row.file.display()
        );
    }
    let done = rows.iter().filter(|r| r.state == State::Passed).count();
    out += &format!("\n{}\n", bar(done, rows.len()));
    match rows.iter().find(|r| r.state != State::Passed) {
        None => out += "\nEvery exercise passes. Well done!\n",
        Some(row) if row.state == State::DoesNotCompile => {
            out += &format!(
                "\nNext: fix the compile error first: {} does not compile (the error is above; \
                 `cargo test -p {}` shows it again), so none of its checks could run.\n",
                row.pkg, row.pkg
            );
        }
        Some(row) => {
            out += &format!("\nNext: {} — {}\n", row.ex.name, row.file.display());
            out += &format!(
                "Check it with: cargo test -p {} {}::\n",
                row.pkg, row.ex.name
            );
            out += &format!("Hint: {}\n", row.ex.hint);
        }
    }
    out
}

fn list(root: &Path, chapters: &[Chapter]) -> anyhow::Result<()> {
    let mut all = Vec::new();
    for ch in chapters {
        let pkg = ch.exercise_package();
        eprintln!("checking {pkg} …");
        let run = run_checks(root, &pkg)?;
        if let Run::DidNotBuild(err) = &run {
            println!("{pkg} does not compile: fix the compile error first:\n{err}");
        }
        all.extend(rows(ch, &run));
    }
    print!("{}", report(&all));
    Ok(())
}

/// `[##########----------] 5/10 exercises (50%)`
fn bar(done: usize, total: usize) -> String {
    const WIDTH: usize = 40;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(0);
    let percent = (done * 100).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {done}/{total} exercises ({percent}%)",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled)
    )
}

/// CI: every exercise fails as shipped, with todo!'s message; every solution passes.
fn check_all(root: &Path, chapters: &[Chapter]) -> anyhow::Result<()> {
    let mut problems = Vec::new();
    let mut checked = 0;
    for ch in chapters {
        let (ex_pkg, sol_pkg) = (ch.exercise_package(), ch.solution_package());
        eprintln!("checking {ex_pkg} and {sol_pkg} …");
        let shipped = match run_checks(root, &ex_pkg)? {
            Run::Ran(r) => r,
            Run::DidNotBuild(err) => bail!("{ex_pkg} does not build as shipped:\n{err}"),
        };
        let solved = match run_checks(root, &sol_pkg)? {
            Run::Ran(r) => r,
            Run::DidNotBuild(err) => bail!("{sol_pkg} does not build:\n{err}"),
        };
        problems.extend(check_chapter(ch, &shipped, &solved));
        checked += ch.exercises.len();
    }
    for p in &problems {
        println!("problem: {p}");
    }
    let failed = problems.len();
    println!(
        "exercise check: {} passed, {failed} failed",
        checked * 2 - failed.min(checked * 2)
    );
    if failed > 0 {
        bail!("{failed} problem(s) with the exercises");
    }
    Ok(())
}

/// Every way one chapter's exercises can be wrong, as sentences.
fn check_chapter(
    ch: &Chapter,
    shipped: &BTreeMap<String, Outcome>,
    solved: &BTreeMap<String, Outcome>,
) -> Vec<String> {
    let (ex_pkg, sol_pkg) = (ch.exercise_package(), ch.solution_package());
    let mut problems = Vec::new();
    if shipped.keys().ne(solved.keys()) {
        problems.push(format!("{ex_pkg} and {sol_pkg} do not run the same checks"));
    }
    for name in shipped.keys() {
        if !ch.exercises.iter().any(|ex| name.starts_with(&prefix(ex))) {
            problems.push(format!(
                "{ex_pkg}: test {name} belongs to no exercise in info.txt"
            ));
        }
    }
    for ex in &ch.exercises {
        let tests = tests_of(shipped, ex);
        if tests.is_empty() {
            problems.push(format!("{ex_pkg}: exercise {} has no checks", ex.name));
            continue;
        }
        // As shipped, some check must fail with todo!'s message, which says what to write.
        let helpful = tests
            .iter()
            .any(|(_, o)| matches!(o, Outcome::Failed(msg) if msg.contains("not yet implemented")));
        if !helpful {
            problems.push(format!(
                "{ex_pkg}: exercise {} does not fail with a todo!(\"…\") message as shipped",
                ex.name
            ));
        }
        for (name, outcome) in tests_of(solved, ex) {
            if let Outcome::Failed(msg) = outcome {
                problems.push(format!("{sol_pkg}: {name} fails:\n{msg}"));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(list: &[(&str, bool)]) -> BTreeMap<String, Outcome> {
        list.iter()
            .map(|(n, ok)| {
                let o = if *ok {
                    Outcome::Passed
                } else {
                    Outcome::Failed("not yet implemented: write it".into())
                };
                (n.to_string(), o)
            })
            .collect()
    }

    fn chapter() -> Chapter {
        let exercises = info::parse("[a]\nfile=a.rs\nhint=h\n[b]\nfile=b.rs\nhint=h\n").unwrap();
        Chapter {
            dir: "01-x".into(),
            exercises,
        }
    }

    #[test]
    fn a_good_chapter_has_no_problems() {
        let shipped = results(&[
            ("checks::a::one", false),
            ("checks::a::two", true),
            ("checks::b::one", false),
        ]);
        let solved = results(&[
            ("checks::a::one", true),
            ("checks::a::two", true),
            ("checks::b::one", true),
        ]);
        assert!(check_chapter(&chapter(), &shipped, &solved).is_empty());
        assert!(passed(&solved, &chapter().exercises[0]));
        assert!(!passed(&shipped, &chapter().exercises[0]));
    }

    #[test]
    fn every_kind_of_mistake_is_caught() {
        let ch = chapter();
        // An exercise that passes as shipped.
        let shipped = results(&[("checks::a::one", true), ("checks::b::one", false)]);
        let solved = results(&[("checks::a::one", true), ("checks::b::one", true)]);
        assert_eq!(check_chapter(&ch, &shipped, &solved).len(), 1);
        // A solution that fails.
        let shipped = results(&[("checks::a::one", false), ("checks::b::one", false)]);
        let solved = results(&[("checks::a::one", true), ("checks::b::one", false)]);
        assert_eq!(check_chapter(&ch, &shipped, &solved).len(), 1);
        // An exercise with no checks, and a check that belongs to none.
        let shipped = results(&[("checks::a::one", false), ("checks::c::one", false)]);
        let solved = results(&[("checks::a::one", true), ("checks::c::one", true)]);
        assert_eq!(check_chapter(&ch, &shipped, &solved).len(), 2);
    }

    #[test]
    fn a_chapter_that_does_not_compile_says_so_instead_of_not_yet() {
        let ch = chapter();
        let broken = rows(
            &ch,
            &Run::DidNotBuild("error[E0308]: mismatched types".into()),
        );
        assert!(broken.iter().all(|r| r.state == State::DoesNotCompile));
        let text = report(&broken);
        assert!(!text.contains("not yet"), "{text}");
        assert!(
            text.contains("fix the compile error first:  ex01-x"),
            "each row says so: {text}"
        );
        assert!(
            text.contains("Next: fix the compile error first: ex01-x does not compile"),
            "{text}"
        );
        assert!(
            !text.contains("Hint:"),
            "no hint for an exercise we could not check: {text}"
        );
        // A chapter that compiles still lists passed and not yet, with the next hint.
        let ran = Run::Ran(results(&[
            ("checks::a::one", true),
            ("checks::b::one", false),
        ]));
        let text = report(&rows(&ch, &ran));
        assert!(
            text.contains("passed   ex01-x") && text.contains("not yet  ex01-x"),
            "{text}"
        );
        assert!(
            text.contains("Next: b — exercises/01-x/b.rs") && text.contains("Hint: h"),
            "{text}"
        );
    }

    #[test]
    fn progress_bar() {
        assert_eq!(
            bar(0, 0),
            format!("[{}] 0/0 exercises (0%)", "-".repeat(40))
        );
        assert!(bar(1, 2).starts_with(&format!("[{}{}]", "#".repeat(20), "-".repeat(20))));
    }
}
